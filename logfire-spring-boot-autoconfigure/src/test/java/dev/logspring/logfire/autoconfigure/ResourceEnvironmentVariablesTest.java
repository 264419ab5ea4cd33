package dev.logspring.logfire.autoconfigure;

import java.util.Map;

import dev.logspring.logfire.config.LogfireEnvironmentPostProcessor;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standard OpenTelemetry variables shape the resource; Logfire's own win over them.
 */
class ResourceEnvironmentVariablesTest {

	private static ApplicationContextRunner withVariables(Map<String, Object> variables) {
		return LogfireContextRunners.full().withInitializer((context) -> {
			context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								variables));
			new LogfireEnvironmentPostProcessor().postProcessEnvironment(context.getEnvironment(),
					new SpringApplication());
		});
	}

	private static String attribute(Resource resource, String key) {
		return resource.getAttribute(AttributeKey.stringKey(key));
	}

	@Test
	void otelServiceName() {
		withVariables(Map.of("OTEL_SERVICE_NAME", "billing")).withPropertyValues("spring.application.name=app")
			.run((context) -> assertThat(attribute(context.getBean(Resource.class), "service.name"))
				.isEqualTo("billing"));
	}

	@Test
	void logfireServiceNameWinsOverOtelServiceName() {
		withVariables(Map.of("OTEL_SERVICE_NAME", "billing", "LOGFIRE_SERVICE_NAME", "payments"))
			.run((context) -> assertThat(attribute(context.getBean(Resource.class), "service.name"))
				.isEqualTo("payments"));
	}

	@Test
	void applicationNameIsTheDefault() {
		withVariables(Map.of()).withPropertyValues("spring.application.name=app")
			.run((context) -> assertThat(attribute(context.getBean(Resource.class), "service.name")).isEqualTo("app"));
	}

	@Test
	void otelResourceAttributes() {
		withVariables(Map.of("OTEL_RESOURCE_ATTRIBUTES", "team=payments,region=eu%2Dwest"))
			.run((context) -> {
				Resource resource = context.getBean(Resource.class);
				assertThat(attribute(resource, "team")).isEqualTo("payments");
				assertThat(attribute(resource, "region")).isEqualTo("eu-west");
			});
	}

}
