package dev.logspring.logfire.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.micrometer.v1_5.OpenTelemetryMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer's metrics ({@code http.server.requests}, data sources, executors, your own meters)
 * reach the same destinations as the rest, through a registry that Boot adds to its composite
 * and that records into the OpenTelemetry SDK: each measurement is recorded once, by the SDK,
 * and exported with Logfire's temporality. Micrometer's JVM, process and system meters are left
 * out while {@code logfire.metrics.system.enabled} is on, since the OpenTelemetry runtime
 * metrics report the same things. Ordered after Boot's simple registry so that one still exists
 * when no other backend does: the application can read its meters locally (actuator's
 * {@code /metrics}, tests), which the OpenTelemetry registry cannot answer.
 */
@AutoConfiguration(
		after = { MetricsAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class },
		before = CompositeMeterRegistryAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, OpenTelemetryMeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnLogfireEnabled
@ConditionalOnBean({ Clock.class, OpenTelemetry.class })
@ConditionalOnBooleanProperty(name = "logfire.metrics.micrometer.enabled")
@EnableConfigurationProperties(LogfireMetricsProperties.class)
public final class LogfireMicrometerAutoConfiguration {

	/** Meter name prefixes that the runtime metrics cover under OpenTelemetry's names. */
	static final List<String> SYSTEM_METER_PREFIXES = List.of("jvm.", "process.", "system.");

	@Bean
	@ConditionalOnMissingBean(name = "logfireMeterRegistry")
	MeterRegistry logfireMeterRegistry(OpenTelemetry openTelemetry, Clock clock, LogfireMetricsProperties properties) {
		MeterRegistry registry = OpenTelemetryMeterRegistry.builder(openTelemetry)
			.setClock(clock)
			.setBaseTimeUnit(TimeUnit.SECONDS)
			.build();
		if (properties.getSystem().isEnabled()) {
			registry.config().meterFilter(MeterFilter.deny((id) -> SYSTEM_METER_PREFIXES.stream()
				.anyMatch((prefix) -> id.getName().startsWith(prefix))));
		}
		return registry;
	}

}
