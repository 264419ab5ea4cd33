package dev.logspring.logfire.autoconfigure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.logspring.logfire.autoconfigure.ExceptionFingerprintTest.span;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logfire.json_schema} for structured values as Logfire's Python SDK writes it (titles,
 * {@code x-python-datatype} markers, formats, nested properties), read from the OTLP bytes.
 */
class JsonSchemaParityTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public enum Status {

		NEW, PAID

	}

	public record Customer(String name, LocalDate since) {
	}

	public record Line(String sku, BigDecimal price) {
	}

	public record Order(UUID id, Customer customer, List<Line> lines, Status status, Instant placedAt, int count,
			Set<String> tags) {
	}

	public static class Invoice {

		private final String number = "F-1";

		public String getNumber() {
			return this.number;
		}

		public LocalDate getDue() {
			return LocalDate.of(2026, 1, 31);
		}

	}

	@Test
	void structuredValuesAreDescribedWithTheirNestedTypes() {
		Order order = new Order(UUID.randomUUID(), new Customer("alice", LocalDate.of(2020, 5, 1)),
				List.of(new Line("book", new BigDecimal("12.50")), new Line("pen", new BigDecimal("1.10"))),
				Status.PAID, Instant.parse("2026-12-02T03:00:00Z"), 2, new TreeSet<>(Set.of("gift")));
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("order", order);
		attributes.put("invoice", new Invoice());
		attributes.put("scores", Map.of("a", 1, "b", 2));
		attributes.put("days", new LocalDate[] { LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2) });
		attributes.put("mixed", List.of(LocalDate.of(2026, 1, 1), "later"));
		List<ReceivedSpan> spans = SpanParityTest
			.export((context) -> context.getBean(Logfire.class).info("placed", attributes));
		ReceivedSpan placed = span(spans, "placed");
		JsonNode properties = JSON.readTree(placed.string("logfire.json_schema")).at("/properties");

		JsonNode orderSchema = properties.get("order");
		assertThat(orderSchema.at("/type").asString()).isEqualTo("object");
		assertThat(orderSchema.at("/title").asString()).isEqualTo("Order");
		assertThat(orderSchema.at("/x-python-datatype").asString()).isEqualTo("dataclass");
		JsonNode fields = orderSchema.at("/properties");
		// Plain JSON (strings, numbers) says nothing more: left out, as Python leaves it out.
		assertThat(fields.propertyNames()).containsExactlyInAnyOrder("id", "customer", "lines", "status", "placedAt",
				"tags");
		assertThat(fields.at("/id/format").asString()).isEqualTo("uuid");
		assertThat(fields.at("/customer/title").asString()).isEqualTo("Customer");
		assertThat(fields.at("/customer/properties/since/format").asString()).isEqualTo("date");
		assertThat(fields.at("/customer/properties/since/x-python-datatype").asString()).isEqualTo("date");
		assertThat(fields.at("/lines/type").asString()).isEqualTo("array");
		assertThat(fields.at("/lines/items/title").asString()).isEqualTo("Line");
		assertThat(fields.at("/lines/items/properties/price/format").asString()).isEqualTo("decimal");
		assertThat(fields.at("/lines/items/properties/price/x-python-datatype").asString()).isEqualTo("Decimal");
		assertThat(fields.at("/status/x-python-datatype").asString()).isEqualTo("Enum");
		assertThat(fields.at("/status/title").asString()).isEqualTo("Status");
		assertThat(fields.at("/status/enum").valueStream().map(JsonNode::asString)).containsExactly("NEW", "PAID");
		assertThat(fields.at("/placedAt/format").asString()).isEqualTo("date-time");
		assertThat(fields.at("/placedAt/x-python-datatype").asString()).isEqualTo("datetime");
		assertThat(fields.at("/tags/x-python-datatype").asString()).isEqualTo("set");

		assertThat(properties.at("/invoice/title").asString()).isEqualTo("Invoice");
		assertThat(properties.at("/invoice/properties").propertyNames()).containsExactly("due");
		assertThat(properties.at("/scores").toString()).isEqualTo("{\"type\":\"object\"}");
		assertThat(properties.at("/days/items/format").asString()).isEqualTo("date");
		assertThat(properties.at("/mixed/prefixItems/0/format").asString()).isEqualTo("date");
		assertThat(properties.at("/mixed/prefixItems/1").toString()).isEqualTo("{}");

		// The value itself matches its schema: a Decimal is exact text.
		JsonNode value = JSON.readTree(placed.string("order"));
		assertThat(value.at("/lines/0/price").isString()).isTrue();
		assertThat(value.at("/lines/0/price").asString()).isEqualTo("12.50");
	}

	@Test
	void aBigDecimalAttributeIsExactJsonTextDescribedAsDecimal() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("price", new BigDecimal("12.50"));
		attributes.put("count", 2);
		List<ReceivedSpan> spans = SpanParityTest
			.export((context) -> context.getBean(Logfire.class).info("priced", attributes));
		ReceivedSpan priced = span(spans, "priced");

		// As Python sends a Decimal: not an OpenTelemetry number, JSON text with a decimal schema.
		assertThat(priced.attribute("price").hasStringValue()).isTrue();
		assertThat(JSON.readTree(priced.string("price")).asString()).isEqualTo("12.50");
		JsonNode properties = JSON.readTree(priced.string("logfire.json_schema")).at("/properties");
		assertThat(properties.at("/price/format").asString()).isEqualTo("decimal");
		assertThat(properties.at("/price/x-python-datatype").asString()).isEqualTo("Decimal");
		assertThat(priced.longValue("count")).isEqualTo(2L);
	}

}
