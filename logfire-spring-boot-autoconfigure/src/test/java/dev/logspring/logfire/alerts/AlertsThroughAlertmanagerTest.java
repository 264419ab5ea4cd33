package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.testsupport.AlertmanagerServer;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one service behind a real Alertmanager: when both fire the same alert,
 * Alertmanager's webhook receives one grouped notification for it, kept alive by the
 * instances' renewals; when both recover, one resolution.
 */
class AlertsThroughAlertmanagerTest {

	private static final Duration GROUP_INTERVAL = Duration.ofSeconds(1);

	@Test
	void replicasFiringTheSameAlertMakeOneNotificationAndOneResolution() throws Exception {
		try (OtlpReceiver webhook = new OtlpReceiver();
				AlertmanagerServer alertmanager = new AlertmanagerServer(webhook.baseUrl() + "/alertmanager",
						Duration.ofMillis(500), GROUP_INTERVAL);
				ConfigurableApplicationContext first = ShopApplication.start(properties(alertmanager));
				ConfigurableApplicationContext second = ShopApplication.start(properties(alertmanager));
				ShopApplication.Traffic firstTraffic = new ShopApplication.Traffic(first);
				ShopApplication.Traffic secondTraffic = new ShopApplication.Traffic(second)) {
			try (AutoCloseable failing = firstTraffic.sendInBackground("/checkout");
					AutoCloseable alsoFailing = secondTraffic.sendInBackground("/checkout")) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> delivered(first, "firing") && delivered(second, "firing"));
				await().atMost(Duration.ofSeconds(10)).until(() -> !notifications(webhook).isEmpty());
				// both instances keep renewing: Alertmanager pushes the end of the alert further out
				Instant endsAt = Instant.parse(single(alertmanager).path("endsAt").asString());
				await().atMost(Duration.ofSeconds(10))
					.until(() -> Instant.parse(single(alertmanager).path("endsAt").asString()).isAfter(endsAt));
				// several group intervals and renewals later, still the one notification
				await().during(GROUP_INTERVAL.multipliedBy(3))
					.atMost(GROUP_INTERVAL.multipliedBy(5))
					.until(() -> notifications(webhook).size() == 1);
			}
			JsonNode firing = notifications(webhook).get(0);
			assertThat(firing.path("status").asString()).isEqualTo("firing");
			assertThat(firing.path("groupLabels").propertyNames()).containsExactlyInAnyOrder("alertname", "service");
			assertThat(firing.path("alerts")).hasSize(1);
			JsonNode alert = firing.path("alerts").get(0);
			assertThat(JsonMapper.shared().convertValue(alert.path("labels"), Map.class)).isEqualTo(Map.of("alertname",
					"high_error_rate", "service", "shop", "environment", "staging", "severity", "critical", "team",
					"payments"));
			assertThat(alert.path("annotations").path("threshold").asString()).isEqualTo("above 50%");
			assertThat(alert.path("annotations").path("value").asString()).isEqualTo("100%");
			assertThat(alert.path("annotations").path("window").asString()).isEqualTo("1s");
			assertThat(alert.path("annotations").path("instance").asString()).isNotBlank();
			assertThat(alert.path("generatorURL").asString()).matches("http://[^/]+:(" + port(first) + "|"
					+ port(second) + ")/logfire");

			try (AutoCloseable healthy = firstTraffic.sendInBackground("/orders");
					AutoCloseable alsoHealthy = secondTraffic.sendInBackground("/orders")) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> delivered(first, "resolved") && delivered(second, "resolved"));
				await().atMost(Duration.ofSeconds(10)).until(() -> notifications(webhook).size() >= 2);
				await().during(GROUP_INTERVAL.multipliedBy(3))
					.atMost(GROUP_INTERVAL.multipliedBy(5))
					.until(() -> notifications(webhook).size() == 2);
			}
			JsonNode resolved = notifications(webhook).get(1);
			assertThat(resolved.path("status").asString()).isEqualTo("resolved");
			assertThat(resolved.path("alerts")).hasSize(1);
			assertThat(resolved.path("alerts").get(0).path("labels").path("alertname").asString())
				.isEqualTo("high_error_rate");
			assertThat(alertmanager.alerts()).isEmpty();
		}
	}

	private static Map<String, Object> properties(AlertmanagerServer alertmanager) {
		return Map.ofEntries(Map.entry("logfire.environment", "staging"),
				Map.entry("logfire.alerts.high_error_rate.metric", "error_rate"),
				Map.entry("logfire.alerts.high_error_rate.threshold", "0.5"),
				Map.entry("logfire.alerts.high_error_rate.window", "1s"),
				Map.entry("logfire.alerts.high_error_rate.min-samples", "5"),
				Map.entry("logfire.alerts.high_error_rate.cooldown", "0"),
				Map.entry("logfire.alerts.high_error_rate.severity", "critical"),
				Map.entry("logfire.alerts.high_error_rate.channels", "alertmanager"),
				Map.entry("logfire.alerting.evaluation-interval", "100ms"),
				Map.entry("logfire.notifications.alertmanager.urls", alertmanager.baseUrl()),
				Map.entry("logfire.notifications.alertmanager.labels.team", "payments"),
				Map.entry("logfire.notifications.alertmanager.resend-interval", "1s"));
	}

	/** Whether the instance's last notification is in {@code state} and reached Alertmanager. */
	private static boolean delivered(ConfigurableApplicationContext context, String state) {
		AlertStatus.Notification last = ShopApplication.lastNotification(context);
		return last != null && last.state().equals(state) && last.channels().get(0).status().equals("delivered");
	}

	private static List<JsonNode> notifications(OtlpReceiver webhook) {
		return webhook.requests().stream().map((request) -> JsonMapper.shared().readTree(request.body())).toList();
	}

	private static JsonNode single(AlertmanagerServer alertmanager) {
		List<JsonNode> alerts = alertmanager.alerts();
		assertThat(alerts).hasSize(1);
		return alerts.get(0);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
