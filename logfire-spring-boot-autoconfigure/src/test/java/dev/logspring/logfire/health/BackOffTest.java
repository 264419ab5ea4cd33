package dev.logspring.logfire.health;

import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's beans replace ours: {@link LogfireHealthAutoConfiguration}. */
class BackOffTest {

	/** Health indicators add up, so ours is replaced by its name. */
	@Test
	void healthBacksOff() {
		LogfireContextRunners.full()
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean("logfireHealthIndicator")
				.isInstanceOf(LogfireHealthIndicator.class));
		LogfireContextRunners.full()
			.withUserConfiguration(OwnIndicator.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LogfireHealthIndicator.class)
				.getBean("logfireHealthIndicator")
				.isSameAs(context.getBean(OwnIndicator.class).indicator));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIndicator {

		final HealthIndicator indicator = () -> Health.up().withDetail("checked by", "the application").build();

		@Bean
		HealthIndicator logfireHealthIndicator() {
			return this.indicator;
		}

	}

}
