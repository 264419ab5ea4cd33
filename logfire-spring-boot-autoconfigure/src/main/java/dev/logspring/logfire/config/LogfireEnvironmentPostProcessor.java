package dev.logspring.logfire.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.logspring.logfire.internal.KeyValueList;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

/**
 * Maps the environment variables Logfire and OpenTelemetry users already know onto
 * {@code logfire.*} properties, since Spring's relaxed binding would map some of them to other
 * names ({@code LOGFIRE_SERVICE_NAME} to {@code logfire.service.name}). The mapped values sit
 * just below the system environment: above application.yml, as environment variables should.
 * {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES} are read where Spring Boot
 * reads them, when the resource is built.
 */
public class LogfireEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	public static final String PROPERTY_SOURCE_NAME = "logfireEnvironmentVariables";

	/** Variable to property; where two variables map to one property, the first present wins. */
	private static final String[][] MAPPINGS = { { "LOGFIRE_TOKEN", "logfire.token" },
			{ "LOGFIRE_SERVICE_NAME", "logfire.service-name" },
			{ "LOGFIRE_SERVICE_VERSION", "logfire.service-version" },
			{ "LOGFIRE_ENVIRONMENT", "logfire.environment" },
			{ "LOGFIRE_SEND_TO_LOGFIRE", "logfire.send-to-logfire" },
			{ "LOGFIRE_CONSOLE", "logfire.console.enabled" }, { "LOGFIRE_MIN_LEVEL", "logfire.min-level" },
			{ "LOGFIRE_BASE_URL", "logfire.base-url" }, { "LOGFIRE_DATA_REGION", "logfire.data-region" },
			{ "LOGFIRE_SAMPLING_RATE", "logfire.sampling.rate" },
			{ "LOGFIRE_TRACE_SAMPLE_RATE", "logfire.sampling.rate" },
			{ "OTEL_EXPORTER_OTLP_ENDPOINT", "logfire.otlp.endpoint" } };

	@Override
	public int getOrder() {
		// After the config data processor, so that we can place our source relative to the system environment.
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PropertySource<?> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (variables == null) {
			return;
		}
		Map<String, Object> mapped = map(variables);
		if (mapped.isEmpty()) {
			return;
		}
		environment.getPropertySources()
			.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new MapPropertySource(PROPERTY_SOURCE_NAME, mapped));
	}

	static Map<String, Object> map(PropertySource<?> variables) {
		Map<String, Object> mapped = new LinkedHashMap<>();
		for (String[] mapping : MAPPINGS) {
			Object value = variables.getProperty(mapping[0]);
			if (value != null && StringUtils.hasText(value.toString())) {
				mapped.putIfAbsent(mapping[1], value.toString().trim());
			}
		}
		Object headers = variables.getProperty("OTEL_EXPORTER_OTLP_HEADERS");
		if (headers != null) {
			KeyValueList.parse(headers.toString())
				.forEach((name, value) -> mapped.put("logfire.otlp.headers[" + name + "]", value));
		}
		// "none" stops every exporter, Logfire's included (Boot 4.1 maps it to the OTLP switch only).
		putOffWhenNone(variables.getProperty("OTEL_TRACES_EXPORTER"), "management.tracing.export.enabled", mapped);
		putOffWhenNone(variables.getProperty("OTEL_METRICS_EXPORTER"), "management.defaults.metrics.export.enabled",
				mapped);
		return mapped;
	}

	private static void putOffWhenNone(@Nullable Object exporters, String property, Map<String, Object> mapped) {
		if (exporters != null && StringUtils.commaDelimitedListToSet(exporters.toString().toLowerCase(Locale.ROOT))
			.stream()
			.anyMatch((exporter) -> exporter.trim().equals("none"))) {
			mapped.put(property, "false");
		}
	}

}
