package dev.logspring.logfire.metrics;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring Boot's Micrometer OTLP registry ({@code micrometer-registry-otlp}, which
 * {@code spring-boot-starter-opentelemetry} brings) off by default while the starter is on: the
 * starter exports metrics through the OpenTelemetry SDK to its own destinations, and Boot's
 * registry, unconfigured, would push Micrometer's meters to {@code localhost:4318}, or to
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (Micrometer reads it, and Boot 4.1 maps it to
 * {@code management.otlp.metrics.export.url}) beside ours. Setting
 * {@code management.otlp.metrics.export.url} or {@code management.otlp.metrics.export.enabled}
 * in the application's configuration keeps Boot's registry as configured.
 */
public class MicrometerOtlpExportDefaults implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "logfireMicrometerOtlpDefaults";

	static final String ENABLED = "management.otlp.metrics.export.enabled";

	static final String URL = "management.otlp.metrics.export.url";

	/** Where Boot 4.1 puts what it maps from {@code OTEL_*} variables: not the user's choice. */
	private static final String BOOT_ENVIRONMENT_VARIABLES = "openTelemetryEnvironmentVariables";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("logfire.enabled", Boolean.class, true) && !setByApplication(environment, ENABLED)
				&& !setByApplication(environment, URL)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(ENABLED, false)));
		}
	}

	private static boolean setByApplication(ConfigurableEnvironment environment, String property) {
		return environment.getPropertySources()
			.stream()
			.filter((source) -> !source.getName().equals(BOOT_ENVIRONMENT_VARIABLES))
			.anyMatch((source) -> source.containsProperty(property));
	}

}
