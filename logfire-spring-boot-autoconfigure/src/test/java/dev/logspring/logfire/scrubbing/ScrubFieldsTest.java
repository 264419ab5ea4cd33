package dev.logspring.logfire.scrubbing;

import java.io.InputStream;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logfire.scrubbing.scrub-fields}, the article's name for the extra patterns: still
 * scrubs, and IDEs show it deprecated in favour of {@code extra-patterns}.
 */
class ScrubFieldsTest {

	@Test
	void scrubFieldsStillScrubs() {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		LogfireContextRunners.full()
			.withBean(RecordingSpanExporter.class, () -> exporter)
			.withPropertyValues("logfire.scrubbing.scrub-fields[0]=iban")
			.run((context) -> context.getBean(Logfire.class)
				.info("payment {iban}", Map.of("iban", "DE89370400440532013000")));
		SpanData span = exporter.awaitSpanNamed("payment {iban}");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("iban"))).doesNotContain("DE89370400440532013000")
			.contains("Scrubbed");
	}

	@Test
	void scrubFieldsIsDeprecatedForExtraPatternsInTheGeneratedMetadata() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		JsonNode scrubFields = null;
		for (JsonNode property : metadata.get("properties")) {
			if (property.get("name").asString().equals("logfire.scrubbing.scrub-fields")) {
				scrubFields = property;
			}
		}
		assertThat(scrubFields).isNotNull();
		assertThat(scrubFields.path("deprecated").asBoolean()).isTrue();
		assertThat(scrubFields.path("deprecation").path("replacement").asString())
			.isEqualTo("logfire.scrubbing.extra-patterns");
	}

}
