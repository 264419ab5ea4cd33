package dev.logspring.logfire.scrubbing;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the sanitizer exists, and that a user's own replaces it in the pipeline.
 */
class LogfireScrubbingAutoConfigurationTest {

	@Test
	void theStarterProvidesTheSanitizer() {
		LogfireContextRunners.full()
			.run((context) -> assertThat(context).getBean(SpanSanitizer.class).isInstanceOf(LogfireSpanSanitizer.class));
	}

	@Test
	void aUsersSanitizerReplacesOursForEveryConsumer() {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		SpanSanitizer renaming = (span) -> new DelegatingSpanData(span) {

			@Override
			public String getName() {
				return "renamed by the user";
			}

		};
		LogfireContextRunners.full()
			.withBean(RecordingSpanExporter.class, () -> exporter)
			.withBean("mySanitizer", SpanSanitizer.class, () -> renaming)
			.run((context) -> {
				assertThat(context).hasSingleBean(SpanSanitizer.class).doesNotHaveBean("logfireSpanSanitizer");
				context.getBean(Logfire.class).info("password {password}", java.util.Map.of("password", "kept"));
			});
		SpanData span = exporter.awaitSpanNamed("renamed by the user");
		assertThat(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("password")))
			.isEqualTo("kept");
	}

	@Test
	void noSanitizerWhenTheStarterIsOff() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpanSanitizer.class));
	}

}
