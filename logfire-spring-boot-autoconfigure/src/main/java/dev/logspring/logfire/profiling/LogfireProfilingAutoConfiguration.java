package dev.logspring.logfire.profiling;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.config.PropertyChecks;
import dev.logspring.logfire.internal.LogEmitter;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Hot methods of slow spans from JDK Flight Recorder, when {@code logfire.profiling.enabled}
 * is set (off by default: sampling costs CPU, little but not nothing).
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class, before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@ConditionalOnClass(name = "jdk.jfr.consumer.RecordingStream")
@ConditionalOnBooleanProperty("logfire.profiling.enabled")
@EnableConfigurationProperties(LogfireProfilingProperties.class)
public final class LogfireProfilingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SlowSpanProfiler logfireSlowSpanProfiler(LogfireProfilingProperties profiling, LogfireProperties properties,
			ObjectProvider<OpenTelemetry> openTelemetry) {
		PropertyChecks.requirePositive("logfire.profiling.threshold", profiling.getThreshold());
		PropertyChecks.requirePositive("logfire.profiling.sample-period", profiling.getSamplePeriod());
		PropertyChecks.requirePositive("logfire.profiling.max-frames", profiling.getMaxFrames());
		PropertyChecks.requirePositive("logfire.profiling.max-samples-per-thread",
				profiling.getMaxSamplesPerThread());
		PropertyChecks.requirePositive("logfire.profiling.max-threads", profiling.getMaxThreads());
		// The SDK needs this processor to be built: the tracer is looked up once it runs.
		SlowSpanProfiler.Settings settings = new SlowSpanProfiler.Settings(profiling.getThreshold(),
				profiling.getSamplePeriod(), profiling.getMaxFrames(), profiling.getMaxSamplesPerThread(),
				profiling.getMaxThreads());
		return new SlowSpanProfiler(settings, () -> new LogEmitter(
				openTelemetry.getObject().getTracer(Logfire.INSTRUMENTATION_NAME), properties.getMinLevel()));
	}

}
