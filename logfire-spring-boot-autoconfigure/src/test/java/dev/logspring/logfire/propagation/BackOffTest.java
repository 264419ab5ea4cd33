package dev.logspring.logfire.propagation;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's beans replace ours: {@link LogfirePropagationAutoConfiguration}. */
class BackOffTest {

	@Test
	void propagationBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireContextTaskDecorator", OwnDecorator.class,
				OpenTelemetryContextTaskDecorator.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDecorator {

		@Bean
		OpenTelemetryContextTaskDecorator ownDecorator() {
			return new OpenTelemetryContextTaskDecorator();
		}

	}

}
