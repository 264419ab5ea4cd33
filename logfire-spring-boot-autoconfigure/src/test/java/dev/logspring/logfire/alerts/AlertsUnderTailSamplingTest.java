package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tail sampling keeps the failing traces and drops most of the others; the alerts still count
 * all the traffic, so an error rate is the application's, not the sample's.
 */
class AlertsUnderTailSamplingTest {

	@Test
	void theErrorRateCountsEveryRequestNotOnlyTheTracesTailSamplingKeeps() throws Exception {
		try (ConfigurableApplicationContext context = ShopApplication.start(Map.of(
				"logfire.sampling.tail.enabled", "true",
				"logfire.sampling.tail.background-rate", "0",
				"logfire.alerts.high_error_rate.metric", "error_rate",
				"logfire.alerts.high_error_rate.threshold", "0.5",
				"logfire.alerts.high_error_rate.window", "1m",
				"logfire.alerts.high_error_rate.min-samples", "1",
				"logfire.alerting.evaluation-interval", "50ms",
				"management.endpoints.web.exposure.include", "logfirealerts"));
				ShopApplication.Traffic traffic = new ShopApplication.Traffic(context)) {
			for (int i = 0; i < 9; i++) {
				assertThat(traffic.get("/orders")).isEqualTo(200);
			}
			for (int i = 0; i < 3; i++) {
				assertThat(traffic.get("/checkout")).isEqualTo(500);
			}
			JsonNode alert = await().atMost(Duration.ofSeconds(15))
				.until(() -> JsonMapper.shared().readTree(traffic.body("/actuator/logfirealerts/high_error_rate")),
						(status) -> status.path("samples").asLong() >= 12);
			assertThat(alert.path("samples").asLong()).isEqualTo(12);
			assertThat(alert.path("value").asDouble()).isEqualTo(0.25);
			assertThat(alert.path("state").asString()).isEqualTo("ok");
		}
	}

}
