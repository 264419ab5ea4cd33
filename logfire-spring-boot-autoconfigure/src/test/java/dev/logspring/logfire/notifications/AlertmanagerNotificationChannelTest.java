package dev.logspring.logfire.notifications;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import dev.logspring.logfire.api.NotificationFailedException;
import dev.logspring.logfire.notifications.NotificationDispatcher.Delivery;
import dev.logspring.logfire.notifications.NotificationDispatcher.Delivery.Status;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.retry.RetryPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Alertmanager channel's side of the protocol, seen from HTTP servers standing in for an
 * Alertmanager cluster: renewals while an alert fires and none after it resolves, each member
 * receiving every alert, and a failing member named.
 */
class AlertmanagerNotificationChannelTest {

	private static final Duration RESEND = Duration.ofMillis(200);

	private static final AlertNotification FIRING = NotificationDispatcherTest.FIRING;

	private static final AlertNotification RESOLVED = new AlertNotification("high_error_rate",
			AlertNotification.State.RESOLVED, "warning", "error_rate", "error rate", 0.0, "0%", 0.05, "5%", "above",
			"1m", 60, 40, "requests", List.of(), "shop (prod)", Instant.now(), Instant.now());

	private static final RetryPolicy RETRY = RetryPolicy.builder()
		.maxRetries(2)
		.delay(Duration.ofMillis(50))
		.predicate((failure) -> !(failure instanceof NotificationFailedException refused) || refused.isRetryable())
		.build();

	@Test
	void aFiringAlertIsRenewedUntilItResolvesAndTheResolutionEndsItNow() throws Exception {
		try (OtlpReceiver alertmanager = new OtlpReceiver()) {
			NotificationDispatcher dispatcher = new NotificationDispatcher(
					List.of(channel(Map.of("Authorization", "Bearer t0ken"), alertmanager)), RETRY);
			dispatcher.start();
			dispatcher.dispatch(FIRING, List.of("alertmanager"));
			await().atMost(Duration.ofSeconds(5)).until(() -> alertmanager.requestCount() >= 3);
			dispatcher.dispatch(RESOLVED, List.of("alertmanager"));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> alert(last(alertmanager)).path("annotations").path("value").asString().equals("0%"));
			int sent = alertmanager.requestCount();
			await().during(RESEND.multipliedBy(3)).atMost(RESEND.multipliedBy(5))
				.until(() -> alertmanager.requestCount() == sent);

			List<OtlpReceiver.Request> requests = alertmanager.requests();
			Instant previousEnd = Instant.MIN;
			for (OtlpReceiver.Request renewal : requests.subList(0, sent - 1)) {
				assertThat(renewal.path()).isEqualTo("/am/api/v2/alerts");
				assertThat(renewal.header("Authorization")).isEqualTo("Bearer t0ken");
				JsonNode alert = alert(renewal);
				assertThat(Instant.parse(alert.path("startsAt").asString())).isEqualTo(FIRING.since());
				Instant endsAt = Instant.parse(alert.path("endsAt").asString());
				// four resend intervals after it was sent, as Prometheus does
				assertThat(endsAt).as("renewed further out each time").isAfter(previousEnd)
					.isAfter(renewal.receivedAt())
					.isBeforeOrEqualTo(renewal.receivedAt().plus(RESEND.multipliedBy(4)));
				previousEnd = endsAt;
			}
			JsonNode resolution = alert(last(alertmanager));
			OtlpReceiver.Request resolved = last(alertmanager);
			assertThat(Instant.parse(resolution.path("endsAt").asString())).isBefore(resolved.receivedAt().plusMillis(1))
				.isAfter(resolved.receivedAt().minusSeconds(1));
			assertThat(JsonMapper.shared().convertValue(resolution.path("labels"), Map.class))
				.isEqualTo(Map.of("alertname", "high_error_rate", "service", "shop", "severity", "warning"));
			assertThat(resolution.path("annotations").path("instance").asString()).isEqualTo("host-1");
			dispatcher.stop();
		}
	}

	@Test
	void everyAlertmanagerReceivesEachAlertAndAFailingOneIsNamed() throws Exception {
		try (OtlpReceiver first = new OtlpReceiver(); OtlpReceiver down = new OtlpReceiver()) {
			down.respondWith((request) -> OtlpReceiver.Response.status(503));
			AlertmanagerNotificationChannel channel = new AlertmanagerNotificationChannel(
					List.of(URI.create(first.baseUrl() + "/am/"), URI.create(down.baseUrl())), Map.of(),
					Map.of("service", "shop"), null, () -> null, Duration.ofMinutes(1),
					new JsonPoster(Duration.ofSeconds(5)), Clock.systemUTC());
			NotificationDispatcher dispatcher = new NotificationDispatcher(List.of(channel), RETRY);
			dispatcher.start();
			Delivery delivery = dispatcher.dispatch(FIRING, List.of("alertmanager")).get(0);
			await().atMost(Duration.ofSeconds(5)).until(() -> delivery.status() == Status.FAILED);
			assertThat(delivery.attempts()).isEqualTo(3);
			assertThat(delivery.error()).isEqualTo("Alertmanager at 127.0.0.1:" + URI.create(down.baseUrl()).getPort()
					+ " answered HTTP 503 (the other Alertmanagers accepted it)");
			assertThat(first.requests()).hasSize(3)
				.allSatisfy((request) -> assertThat(request.path()).isEqualTo("/am/api/v2/alerts"));
			assertThat(down.attempts()).hasSize(3);
			dispatcher.stop();
		}
	}

	@Test
	void anApplicationsOwnAlertmanagerChannelReplacesTheBuiltInOne() {
		AlertmanagerNotificationChannel own = new AlertmanagerNotificationChannel(List.of(URI.create("http://own:9093")),
				Map.of(), Map.of(), null, () -> null, RESEND, new JsonPoster(Duration.ofSeconds(1)), Clock.systemUTC());
		LogfireContextRunners.full()
			.withPropertyValues("logfire.alerts.a.metric=error_rate", "logfire.alerts.a.threshold=0.1",
					"logfire.alerts.a.channels=alertmanager",
					"logfire.notifications.alertmanager.urls=http://alertmanager:9093")
			.withBean(AlertmanagerNotificationChannel.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(NotificationChannel.class).values()).containsExactly(own);
			});
	}

	private static AlertmanagerNotificationChannel channel(Map<String, String> headers, OtlpReceiver alertmanager) {
		return new AlertmanagerNotificationChannel(List.of(URI.create(alertmanager.baseUrl() + "/am")), headers,
				Map.of("service", "shop"), "host-1", () -> null, RESEND, new JsonPoster(Duration.ofSeconds(5)),
				Clock.systemUTC());
	}

	private static OtlpReceiver.Request last(OtlpReceiver alertmanager) {
		List<OtlpReceiver.Request> requests = alertmanager.requests();
		return requests.get(requests.size() - 1);
	}

	private static JsonNode alert(OtlpReceiver.Request request) {
		JsonNode alerts = JsonMapper.shared().readTree(request.body());
		assertThat(alerts).hasSize(1);
		return alerts.get(0);
	}

}
