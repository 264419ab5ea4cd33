package dev.logspring.logfire.llm;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Spring AI's chat and embedding calls as Logfire LLM spans, when Spring AI is on the classpath:
 * Spring AI's observations are traced by {@link SpringAiLlmObservationHandler} instead of
 * Boot's default tracing handler (one span per call), and keep feeding Spring AI's meters.
 */
@AutoConfiguration(after = { LogfireLlmAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnClass({ ChatModelObservationContext.class, TracingObservationHandler.class, OtelSpan.class })
@ConditionalOnBean({ LlmTelemetry.class, Tracer.class })
public final class LogfireSpringAiAutoConfiguration {

	/** Ahead of Boot's default tracing handler, so it is the first one to match Spring AI's contexts. */
	public static final int HANDLER_ORDER = MicrometerTracingAutoConfiguration.DEFAULT_TRACING_OBSERVATION_HANDLER_ORDER
			- 100;

	@Bean
	@ConditionalOnMissingBean
	@Order(HANDLER_ORDER)
	SpringAiLlmObservationHandler logfireSpringAiObservationHandler(Tracer tracer, LlmTelemetry telemetry) {
		return new SpringAiLlmObservationHandler(tracer, telemetry);
	}

}
