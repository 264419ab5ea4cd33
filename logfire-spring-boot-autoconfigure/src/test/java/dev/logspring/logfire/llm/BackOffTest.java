package dev.logspring.logfire.llm;

import java.util.Map;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's beans replace ours: {@link LogfireLlmAutoConfiguration},
 * {@link LogfireSpringAiAutoConfiguration}.
 */
class BackOffTest {

	@Test
	void llmBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireLlmTelemetry", OwnTelemetry.class,
				LlmTelemetry.class);
	}

	@Test
	void springAiBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireSpringAiObservationHandler", OwnHandler.class,
				SpringAiLlmObservationHandler.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTelemetry {

		@Bean
		LlmTelemetry ownTelemetry(OpenTelemetry openTelemetry) {
			return new LlmTelemetry(openTelemetry, LlmPriceTable.withDefaults(Map.of()), true, true, false, 10_000);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandler {

		@Bean
		SpringAiLlmObservationHandler ownHandler(Tracer tracer, LlmTelemetry telemetry) {
			return new SpringAiLlmObservationHandler(tracer, telemetry);
		}

	}

}
