package dev.logspring.logfire.alerts;

import dev.logspring.logfire.api.ExplorerAlertSource.AlertState;
import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's beans replace ours: {@link LogfireAlertsAutoConfiguration},
 * {@link LogfireAlertsEndpointAutoConfiguration}.
 */
class BackOffTest {

	private final ApplicationContextRunner withAnAlert = LogfireContextRunners.full()
		.withPropertyValues("logfire.alerts.configured.metric=error_rate", "logfire.alerts.configured.threshold=0.5");

	@Test
	void alertsBacksOff() {
		BackOff.assertBacksOff(this.withAnAlert, "logfireAlertRegistry", OwnRegistry.class, AlertRegistry.class);
		this.withAnAlert.withUserConfiguration(OwnRegistry.class)
			.run((context) -> assertThat(context.getBean(AlertsForExplorer.class).alertStates()).map(AlertState::name)
				.containsExactly("own"));
	}

	@Test
	void alertsEndpointBacksOff() {
		BackOff.assertBacksOff(
				this.withAnAlert.withPropertyValues("management.endpoints.web.exposure.include=logfirealerts"),
				"logfireAlertsEndpoint", OwnEndpoint.class, LogfireAlertsEndpoint.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistry {

		@Bean
		AlertRegistry ownRegistry() {
			LogfireAlertsProperties.Alert alert = new LogfireAlertsProperties.Alert();
			alert.setMetric("request_rate");
			alert.setThreshold(100.0);
			LogfireAlertsProperties properties = new LogfireAlertsProperties();
			properties.getAlerts().put("own", alert);
			return new AlertRegistry(properties.getAlerts());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpoint {

		@Bean
		LogfireAlertsEndpoint ownEndpoint(AlertEvaluator evaluator) {
			return new LogfireAlertsEndpoint(evaluator);
		}

	}

}
