package dev.logspring.logfire.alerts;

import dev.logspring.logfire.api.ExplorerAlertSource;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer's alert panel reads the alerts' live state through {@link ExplorerAlertSource}.
 */
class AlertsInExplorerTest {

	@Test
	void configuredAlertsAreListedWithTheirRuleAndState() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.alerts.slow_response.metric=p95_latency",
					"logfire.alerts.slow_response.threshold=1000", "logfire.alerts.slow_response.window=300")
			.run((context) -> {
				assertThat(context).hasSingleBean(ExplorerAlertSource.class);
				assertThat(context.getBean(ExplorerAlertSource.class).alertStates()).singleElement()
					.satisfies((state) -> {
						assertThat(state.name()).isEqualTo("slow_response");
						assertThat(state.state()).isEqualTo("ok");
						assertThat(state.detail()).isEqualTo("p95 latency above 1000 ms over 5m — now not enough data"
							+ " (0 requests in the last 5m, at least 1 needed)");
					});
			});
	}

	@Test
	void noAlertsNoSource() {
		LogfireContextRunners.full().run((context) -> assertThat(context).doesNotHaveBean(ExplorerAlertSource.class));
	}

}
