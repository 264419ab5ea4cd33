package dev.logspring.logfire.metrics;

import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.runtimemetrics.java8.RuntimeMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * JVM and process metrics (CPU, memory, garbage collection, threads, classes, buffers) under
 * OpenTelemetry's semantic-convention names, as Logfire's system-metrics integration sends
 * them. The one source of JVM metrics: Micrometer's are not bridged while this is on.
 */
@AutoConfiguration(after = { LogfireMetricsAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class })
@ConditionalOnClass(RuntimeMetrics.class)
@ConditionalOnLogfireEnabled
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnBooleanProperty(name = "logfire.metrics.system.enabled", matchIfMissing = true)
public final class LogfireSystemMetricsAutoConfiguration {

	/** Registered off the startup thread; an application's {@code RuntimeMetrics} bean replaces them. */
	@Bean
	@ConditionalOnMissingBean(RuntimeMetrics.class)
	RuntimeMetricsRegistration logfireRuntimeMetrics(OpenTelemetry openTelemetry) {
		// The "experimental" set adds system CPU utilisation and load, buffer pools and file descriptors.
		return new RuntimeMetricsRegistration(
				() -> RuntimeMetrics.builder(openTelemetry).emitExperimentalTelemetry().build());
	}

}
