package dev.logspring.logfire.config;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable Logfire users know, by name, through the same post-processor and
 * binder an application uses. The system environment is replaced by a fake one per test.
 */
class LogfireEnvironmentVariablesTest {

	private static LogfireProperties bind(Map<String, Object> variables, Map<String, Object> applicationYaml) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		environment.getPropertySources().addLast(new MapPropertySource("application.yml", applicationYaml));
		new LogfireEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return Binder.get(environment).bindOrCreate("logfire", LogfireProperties.class);
	}

	private static LogfireProperties bind(String variable, String value) {
		return bind(Map.of(variable, value), Map.of());
	}

	@Test
	void token() {
		assertThat(PropertiesLogfireConnectionDetails.tokens(bind("LOGFIRE_TOKEN", "pylf_v1_eu_abc").getToken())).containsExactly("pylf_v1_eu_abc");
	}

	@Test
	void serviceName() {
		assertThat(bind("LOGFIRE_SERVICE_NAME", "orders").getServiceName()).isEqualTo("orders");
	}

	@Test
	void serviceVersion() {
		assertThat(bind("LOGFIRE_SERVICE_VERSION", "1.2.3").getServiceVersion()).isEqualTo("1.2.3");
	}

	@Test
	void environment() {
		assertThat(bind("LOGFIRE_ENVIRONMENT", "prod").getEnvironment()).isEqualTo("prod");
	}

	@ParameterizedTest
	@CsvSource({ "true,TRUE", "false,FALSE", "if-token-present,IF_TOKEN_PRESENT" })
	void sendToLogfire(String value, LogfireProperties.SendToLogfire expected) {
		assertThat(bind("LOGFIRE_SEND_TO_LOGFIRE", value).getSendToLogfire()).isEqualTo(expected);
	}

	@Test
	void console() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("LOGFIRE_CONSOLE", "false")));
		new LogfireEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logfire.console.enabled")).isEqualTo("false");
		// LOGFIRE_CONSOLE also relaxed-binds to logfire.console itself: binding must still work.
		assertThat(Binder.get(environment)
			.bindOrCreate("logfire.console", dev.logspring.logfire.console.LogfireConsoleProperties.class)
			.isEnabled()).isFalse();
	}

	@Test
	void minLevel() {
		assertThat(bind("LOGFIRE_MIN_LEVEL", "warn").getMinLevel()).isEqualTo(dev.logspring.logfire.api.Level.WARN);
	}

	@Test
	void baseUrl() {
		assertThat(bind("LOGFIRE_BASE_URL", "http://localhost:4318").getBaseUrl()).isEqualTo("http://localhost:4318");
	}

	@Test
	void dataRegion() {
		assertThat(bind("LOGFIRE_DATA_REGION", "eu").getDataRegion()).isEqualTo(LogfireRegion.EU);
	}

	@Test
	void samplingRate() {
		assertThat(bind("LOGFIRE_SAMPLING_RATE", "0.25").getSampling().getRate()).isEqualTo(0.25);
	}

	@Test
	void traceSampleRate() {
		assertThat(bind("LOGFIRE_TRACE_SAMPLE_RATE", "0.5").getSampling().getRate()).isEqualTo(0.5);
	}

	@Test
	void samplingRateWinsOverTraceSampleRate() {
		assertThat(bind(Map.of("LOGFIRE_SAMPLING_RATE", "0.1", "LOGFIRE_TRACE_SAMPLE_RATE", "0.9"), Map.of())
			.getSampling()
			.getRate()).isEqualTo(0.1);
	}

	@Test
	void otelExporterOtlpEndpoint() {
		assertThat(bind("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318").getOtlp().getEndpoint())
			.isEqualTo("http://collector:4318");
	}

	@Test
	void otelExporterOtlpHeaders() {
		assertThat(bind("OTEL_EXPORTER_OTLP_HEADERS", "x-team=payments,api-key=abc%3D").getOtlp().getHeaders())
			.containsEntry("x-team", "payments")
			.containsEntry("api-key", "abc=");
	}

	@Test
	void environmentVariablesWinOverApplicationYaml() {
		assertThat(bind(Map.of("LOGFIRE_SERVICE_NAME", "from-env"), Map.of("logfire.service-name", "from-yaml"))
			.getServiceName()).isEqualTo("from-env");
	}

}
