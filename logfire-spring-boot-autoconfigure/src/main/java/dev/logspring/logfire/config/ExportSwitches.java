package dev.logspring.logfire.config;

import org.springframework.core.env.Environment;

/**
 * Spring Boot's switches for sending telemetry out of the process, read as Boot reads them, so
 * that what turns Boot's exporters off turns ours off too: {@code @SpringBootTest} without
 * {@code @AutoConfigureTracing} (which sets {@code management.tracing.export.enabled=false}),
 * {@code OTEL_TRACES_EXPORTER=none} (Boot 4.1 maps it to
 * {@code management.tracing.export.otlp.enabled=false}; we map it on 4.0).
 */
public final class ExportSwitches {

	private ExportSwitches() {
	}

	/**
	 * Whether spans may go to exporter {@code name} ({@code logfire}, {@code otlp}):
	 * {@code management.tracing.export.<name>.enabled}, else
	 * {@code management.tracing.export.enabled}, else yes (Boot's
	 * {@code @ConditionalOnEnabledTracingExport} rule).
	 */
	public static boolean tracesEnabled(Environment environment, String name) {
		return enabled(environment, "management.tracing.export." + name + ".enabled",
				"management.tracing.export.enabled");
	}

	/**
	 * Whether metrics may leave the process: {@code management.defaults.metrics.export.enabled}
	 * (set to {@code false} by Boot's test support unless a test asks for metrics), else yes.
	 */
	public static boolean metricsEnabled(Environment environment) {
		return environment.getProperty("management.defaults.metrics.export.enabled", Boolean.class, true);
	}

	private static boolean enabled(Environment environment, String specific, String global) {
		Boolean value = environment.getProperty(specific, Boolean.class);
		if (value == null) {
			value = environment.getProperty(global, Boolean.class);
		}
		return value == null || value;
	}

}
