package dev.logspring.logfire.alerts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.logspring.logfire.testsupport.AlertmanagerServer;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Alertmanager behind TLS (a self-signed certificate the application trusts through a
 * Spring Boot SSL bundle) and HTTP basic authentication: the right password gets the alert
 * through, a wrong one is refused and reported once, without the password.
 */
class AlertmanagerTlsAndAuthTest {

	/** bcrypt of "alert-s3cret" (cost 4, so that Alertmanager checks it quickly). */
	private static final String PASSWORD_BCRYPT = "$2b$04$vNuKkiFLwKxhkCPlTl.mgegCqzMmwdaRy592mmFNZhCwl76ZEOVvC";

	@Test
	void alertsReachAnAlertmanagerBehindTlsAndBasicAuthentication() throws Exception {
		Path certificate = new ClassPathResource("alertmanager/server.crt").getFile().toPath();
		Path key = new ClassPathResource("alertmanager/server.key").getFile().toPath();
		try (OtlpReceiver webhook = new OtlpReceiver();
				AlertmanagerServer alertmanager = new AlertmanagerServer(webhook.baseUrl() + "/alertmanager",
						Duration.ofMillis(200), Duration.ofSeconds(1),
						new AlertmanagerServer.Web(certificate, key, "logfire", "alert-s3cret", PASSWORD_BCRYPT));
				ConfigurableApplicationContext allowed = ShopApplication.start(properties(alertmanager, "alert-s3cret"));
				ConfigurableApplicationContext refused = ShopApplication.start(properties(alertmanager, "wrong-s3cret"));
				ShopApplication.Traffic allowedTraffic = new ShopApplication.Traffic(allowed);
				ShopApplication.Traffic refusedTraffic = new ShopApplication.Traffic(refused);
				AutoCloseable failing = allowedTraffic.sendInBackground("/checkout");
				AutoCloseable alsoFailing = refusedTraffic.sendInBackground("/checkout")) {
			assertThat(alertmanager.baseUrl()).startsWith("https://");
			await().atMost(Duration.ofSeconds(20)).until(() -> !webhook.requests().isEmpty());
			JsonNode notification = JsonMapper.shared().readTree(webhook.requests().get(0).body());
			assertThat(notification.path("status").asString()).isEqualTo("firing");
			assertThat(notification.path("alerts").get(0).path("labels").path("alertname").asString())
				.isEqualTo("high_error_rate");

			await().atMost(Duration.ofSeconds(20)).until(() -> delivery(refused) != null
					&& delivery(refused).status().equals("failed"));
			AlertStatus.ChannelDelivery failed = delivery(refused);
			assertThat(failed.error()).startsWith("Alertmanager at 127.0.0.1:")
				.contains("answered HTTP 401")
				.doesNotContain("wrong-s3cret");
			assertThat(failed.attempts()).as("a refused password is not retried").isOne();
			assertThat(delivery(allowed).status()).isEqualTo("delivered");
		}
	}

	private static Map<String, Object> properties(AlertmanagerServer alertmanager, String password) {
		return Map.ofEntries(Map.entry("logfire.alerts.high_error_rate.metric", "error_rate"),
				Map.entry("logfire.alerts.high_error_rate.threshold", "0.5"),
				Map.entry("logfire.alerts.high_error_rate.window", "1s"),
				Map.entry("logfire.alerts.high_error_rate.min-samples", "5"),
				Map.entry("logfire.alerts.high_error_rate.channels", "alertmanager"),
				Map.entry("logfire.alerting.evaluation-interval", "100ms"),
				Map.entry("logfire.notifications.alertmanager.urls", alertmanager.baseUrl()),
				Map.entry("logfire.notifications.alertmanager.username", "logfire"),
				Map.entry("logfire.notifications.alertmanager.password", password),
				Map.entry("logfire.notifications.alertmanager.ssl-bundle", "alertmanager"),
				Map.entry("spring.ssl.bundle.pem.alertmanager.truststore.certificate",
						"classpath:alertmanager/server.crt"));
	}

	private static AlertStatus.ChannelDelivery delivery(ConfigurableApplicationContext context) {
		AlertStatus.Notification last = ShopApplication.lastNotification(context);
		return (last != null) ? last.channels().get(0) : null;
	}

}
