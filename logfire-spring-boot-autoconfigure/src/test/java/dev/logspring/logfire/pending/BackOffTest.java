package dev.logspring.logfire.pending;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's pending-span processor replaces ours: {@link LogfirePendingSpansAutoConfiguration}. */
class BackOffTest {

	@Test
	void pendingSpansBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full().withPropertyValues("logfire.otlp.endpoint=http://127.0.0.1:9"),
				"logfirePendingSpanProcessor", OwnPendingSpans.class, PendingSpanProcessor.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPendingSpans {

		@Bean
		PendingSpanProcessor ownPendingSpans() {
			return new PendingSpanProcessor(SimpleSpanProcessor.create(new RecordingSpanExporter()), 1_000_000_000L, 10);
		}

	}

}
