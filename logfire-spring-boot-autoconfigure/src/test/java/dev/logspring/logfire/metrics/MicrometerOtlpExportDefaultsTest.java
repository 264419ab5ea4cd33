package dev.logspring.logfire.metrics;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's Micrometer OTLP registry stays off unless configured, so that meters the starter
 * already bridges are not sent twice.
 */
class MicrometerOtlpExportDefaultsTest {

	private static StandardEnvironment process(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> withBridge = new java.util.HashMap<>(properties);
		withBridge.putIfAbsent("logfire.metrics.micrometer.enabled", "true");
		environment.getPropertySources().addFirst(new MapPropertySource("application", withBridge));
		new MicrometerOtlpExportDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	@Test
	void unconfiguredBootOtlpRegistryIsTurnedOff() {
		assertThat(process(Map.of()).getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void anExplicitUrlOrSwitchIsRespected() {
		assertThat(process(Map.of("management.otlp.metrics.export.url", "http://collector:4318/v1/metrics"))
			.getProperty("management.otlp.metrics.export.enabled")).isNull();
		assertThat(process(Map.of("management.otlp.metrics.export.enabled", "true"))
			.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("true");
	}

	@Test
	void withoutTheBridgeBootsRegistryIsStillOffByDefault() {
		// Our destinations export the metrics: Boot's registry would push to localhost:4318 beside them.
		assertThat(process(Map.of("logfire.metrics.micrometer.enabled", "false"))
			.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void withTheStarterOffBootsRegistryKeepsItsDefault() {
		assertThat(process(Map.of("logfire.enabled", "false")).getProperty("management.otlp.metrics.export.enabled"))
			.isNull();
	}

	@Test
	void anEndpointMappedByBootFromOtelVariablesIsNotTheApplicationsChoice() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("openTelemetryEnvironmentVariables",
					Map.of("management.otlp.metrics.export.url", "http://collector:4318/v1/metrics")));
		new MicrometerOtlpExportDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

}
