package dev.logspring.logfire.sampling;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.LogfireProperties;
import io.opentelemetry.sdk.common.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Tail sampling ({@code logfire.sampling.tail.enabled}): an export stage of the span pipeline.
 * Head sampling is the {@code Sampler} bean of {@link LogfireTracingAutoConfiguration}.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class, before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@ConditionalOnBooleanProperty("logfire.sampling.tail.enabled")
public final class LogfireSamplingAutoConfiguration {

	/** Joins the SDK Spring Boot builds (it collects every {@code SpanProcessor} bean). */
	@Bean
	@ConditionalOnMissingBean
	OpenTraces logfireOpenTraces(LogfireProperties properties) {
		// Running traces outnumber buffered ones: most end without being buffered long.
		return new OpenTraces(properties.getSampling().getTail().getMaxBufferedTraces() * 10);
	}

	@Bean
	@ConditionalOnMissingBean
	TailSamplingStage logfireTailSampling(LogfireProperties properties, OpenTraces openTraces) {
		LogfireProperties.Tail tail = properties.getSampling().getTail();
		return new TailSamplingStage(tail.getLevelThreshold(), tail.getDurationThreshold().toNanos(),
				tail.getBackgroundRate(), tail.getMaxBufferedSpans(), tail.getMaxBufferedTraces(),
				tail.getTraceTimeout().toNanos(), Clock.getDefault(), openTraces);
	}

}
