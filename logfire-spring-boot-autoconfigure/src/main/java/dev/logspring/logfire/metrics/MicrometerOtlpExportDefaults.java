package dev.logspring.logfire.metrics;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring Boot's Micrometer OTLP registry ({@code micrometer-registry-otlp}, which
 * {@code spring-boot-starter-opentelemetry} brings) off by default while the starter bridges
 * Micrometer: unconfigured, it would send the same meters to {@code localhost:4318}, or to
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} where ours already go, counting them twice there. Setting
 * {@code management.otlp.metrics.export.url} or {@code management.otlp.metrics.export.enabled}
 * keeps Boot's registry as configured.
 */
public class MicrometerOtlpExportDefaults implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "logfireMicrometerOtlpDefaults";

	static final String ENABLED = "management.otlp.metrics.export.enabled";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean bridging = environment.getProperty("logfire.enabled", Boolean.class, true)
				&& environment.getProperty("logfire.metrics.micrometer.enabled", Boolean.class, false);
		if (bridging && !environment.containsProperty(ENABLED)
				&& !environment.containsProperty("management.otlp.metrics.export.url")) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(ENABLED, false)));
		}
	}

}
