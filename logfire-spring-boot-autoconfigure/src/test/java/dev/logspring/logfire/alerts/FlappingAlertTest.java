package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real traffic that keeps failing and recovering makes the alert change state again and
 * again, yet notifications stay at most one per cooldown, alternate firing and resolved, and
 * the final state is always sent.
 */
class FlappingAlertTest {

	private static final Duration COOLDOWN = Duration.ofSeconds(2);

	@Test
	void flappingTrafficDoesNotProduceAStormOfNotifications() throws Exception {
		try (OtlpReceiver webhook = new OtlpReceiver();
				ConfigurableApplicationContext context = ShopApplication.start(Map.of(
						"logfire.alerts.high_error_rate.metric", "error_rate",
						"logfire.alerts.high_error_rate.threshold", "0.5",
						"logfire.alerts.high_error_rate.window", "500ms",
						"logfire.alerts.high_error_rate.min-samples", "5",
						"logfire.alerts.high_error_rate.cooldown", COOLDOWN.toSeconds(),
						"logfire.alerts.high_error_rate.channels", "webhook",
						"logfire.alerting.evaluation-interval", "50ms",
						"logfire.notifications.webhook.url", webhook.baseUrl() + "/alerts",
						"management.endpoints.web.exposure.include", "logfirealerts"));
				ShopApplication.Traffic traffic = new ShopApplication.Traffic(context)) {
			// six phases, each longer than the window: the error rate swings between 0 and 100%
			for (int phase = 0; phase < 6; phase++) {
				traffic.sendFor((phase % 2 == 0) ? "/checkout" : "/orders", Duration.ofMillis(700));
			}
			try (AutoCloseable healthy = traffic.sendInBackground("/orders")) {
				await().atMost(Duration.ofSeconds(15))
					.until(() -> !webhook.requests().isEmpty()
							&& state(webhook.requests().get(webhook.requests().size() - 1)).equals("resolved"));
			}
			JsonNode alert = JsonMapper.shared()
				.readTree(traffic.body("/actuator/logfirealerts/high_error_rate"));
			long stateChanges = alert.path("stateChanges").asLong();
			List<OtlpReceiver.Request> notifications = webhook.requests();
			assertThat(stateChanges).as("the alert flapped").isGreaterThanOrEqualTo(4);
			assertThat(notifications).hasSizeLessThan((int) stateChanges).hasSizeLessThanOrEqualTo(4);
			for (int i = 1; i < notifications.size(); i++) {
				assertThat(state(notifications.get(i))).isNotEqualTo(state(notifications.get(i - 1)));
				assertThat(Duration.between(time(notifications.get(i - 1)), time(notifications.get(i))))
					.isGreaterThanOrEqualTo(COOLDOWN);
			}
			assertThat(state(notifications.get(0))).isEqualTo("firing");
			assertThat(alert.path("state").asString()).isEqualTo("ok");
		}
	}

	private static String state(OtlpReceiver.Request request) {
		return JsonMapper.shared().readTree(request.body()).path("state").asString();
	}

	private static Instant time(OtlpReceiver.Request request) {
		return Instant.parse(JsonMapper.shared().readTree(request.body()).path("timestamp").asString());
	}

}
