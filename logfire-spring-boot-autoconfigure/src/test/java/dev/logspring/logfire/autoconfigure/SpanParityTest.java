package dev.logspring.logfire.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.logspring.logfire.autoconfigure.ExceptionFingerprintTest.span;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small differences with Logfire's SDKs, read from the OTLP bytes Logfire's endpoint
 * receives: statuses of error-level logs and spans, the schema of {@code logfire.scrubbed},
 * and where a {@code @Traced} method is written.
 */
class SpanParityTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static class Orders {

		@Traced
		public String checkout(String item) {
			return item.toUpperCase();
		}

		@Traced(value = "refund failed", level = Level.ERROR)
		public void refundFailed() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	@Test
	void errorLevelIsAnErrorStatusWarnIsNot() {
		List<ReceivedSpan> spans = export((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			logfire.error("plain error");
			logfire.exception("failed with", new IllegalStateException("no stock"));
			logfire.log(Level.WARN, "warned with", Map.of(), new IllegalStateException("low stock"));
			try (LogfireSpan span = logfire.span("span set to error")) {
				span.setLevel(Level.ERROR);
			}
			context.getBean(Orders.class).refundFailed();
		});
		Status plain = span(spans, "plain error").span().getStatus();
		assertThat(plain.getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(plain.getMessage()).isEmpty();
		Status failed = span(spans, "failed with").span().getStatus();
		assertThat(failed.getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(failed.getMessage()).isEqualTo("IllegalStateException: no stock");
		assertThat(span(spans, "warned with").span().getStatus().getCode())
			.isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
		assertThat(span(spans, "span set to error").span().getStatus().getCode())
			.isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(span(spans, "refund failed").span().getStatus().getCode())
			.isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
	}

	@Test
	void scrubbedNotesAreDescribedInTheJsonSchema() {
		List<ReceivedSpan> spans = export((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			logfire.info("login", Map.of("password", "hunter2", "cart", Map.of("items", List.of("book"))));
			logfire.info("login without json", Map.of("password", "hunter2"));
		});
		JsonNode withCart = JSON.readTree(span(spans, "login").string("logfire.json_schema"));
		assertThat(withCart.at("/properties/cart/type").asString()).isEqualTo("object");
		JsonNode notes = withCart.at("/properties/logfire.scrubbed");
		assertThat(notes.at("/type").asString()).isEqualTo("array");
		assertThat(notes.at("/items/properties/path/type").asString()).isEqualTo("array");
		assertThat(notes.at("/items/properties/matched_substring/type").asString()).isEqualTo("string");
		ReceivedSpan plain = span(spans, "login without json");
		assertThat(plain.string("logfire.scrubbed")).contains("password");
		assertThat(JSON.readTree(plain.string("logfire.json_schema")).at("/properties").propertyNames())
			.containsExactly("logfire.scrubbed");
	}

	@Test
	void tracedSpansSayWhereTheMethodIsWritten() throws Exception {
		List<ReceivedSpan> spans = export((context) -> context.getBean(Orders.class).checkout("book"));
		ReceivedSpan span = span(spans, "Calling Orders.checkout");
		String path = "dev/logspring/logfire/autoconfigure/SpanParityTest.java";
		assertThat(span.string("code.filepath")).isEqualTo(path);
		List<String> source = Files.readAllLines(Path.of("src/test/java", path));
		long declaration = source.indexOf("\t\tpublic String checkout(String item) {") + 1;
		assertThat(declaration).isPositive();
		assertThat(span.longValue("code.lineno")).isEqualTo(declaration);
		assertThat(span.string("code.function")).isEqualTo("checkout");
	}

	/** What Logfire's endpoint received from an application that ran {@code work}. */
	static List<ReceivedSpan> export(Consumer<ApplicationContext> work) {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			LogfireContextRunners.full()
				.withUserConfiguration(Config.class)
				.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + receiver.baseUrl())
				.run(work::accept);
			return receiver.spans();
		}
	}

}
