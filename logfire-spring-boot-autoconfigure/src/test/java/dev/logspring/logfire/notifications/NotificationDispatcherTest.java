package dev.logspring.logfire.notifications;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import dev.logspring.logfire.api.NotificationFailedException;
import dev.logspring.logfire.notifications.NotificationDispatcher.Delivery;
import dev.logspring.logfire.notifications.NotificationDispatcher.Delivery.Status;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.retry.RetryPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery never holds up the caller or the other channels: failures are retried with growing
 * backoff on the channel's own thread, hopeless ones are not retried, and a stuck channel's
 * queue is bounded.
 */
class NotificationDispatcherTest {

	static final AlertNotification FIRING = new AlertNotification("high_error_rate", AlertNotification.State.FIRING, "warning",
			"error_rate", "error rate", 0.125, "12.5%", 0.05, "5%", "above", "1m", 60, 40, "requests",
			List.of(new AlertNotification.Contributor("GET /checkout", 5, 5)), "shop (prod)",
			Instant.parse("2025-03-01T12:03:00Z"), Instant.parse("2025-03-01T12:03:01Z"));

	private static final RetryPolicy RETRY = RetryPolicy.builder()
		.maxRetries(3)
		.delay(Duration.ofMillis(100))
		.multiplier(2)
		.predicate((failure) -> !(failure instanceof NotificationFailedException refused) || refused.isRetryable())
		.build();

	@Test
	void aFailingChannelIsRetriedWithGrowingBackoff() throws Exception {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			List<Long> arrivals = new CopyOnWriteArrayList<>();
			receiver.respondWith((request) -> {
				arrivals.add(System.nanoTime());
				return (arrivals.size() <= 2) ? OtlpReceiver.Response.status(503) : OtlpReceiver.Response.ok();
			});
			NotificationDispatcher dispatcher = new NotificationDispatcher(List.of(webhook(receiver, "/hook")), RETRY);
			dispatcher.start();
			Delivery delivery = dispatcher.dispatch(FIRING, List.of("webhook")).get(0);
			await().until(() -> delivery.status() == Status.DELIVERED);
			assertThat(delivery.attempts()).isEqualTo(3);
			assertThat(receiver.requestCount()).isEqualTo(3);
			assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
			assertThat(Duration.ofNanos(arrivals.get(2) - arrivals.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
			dispatcher.stop();
		}
	}

	@Test
	void aRefusalThatCannotSucceedIsNotRetriedAndTheUrlIsNotShown() throws Exception {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			receiver.respondWith((request) -> OtlpReceiver.Response.status(404));
			NotificationDispatcher dispatcher = new NotificationDispatcher(
					List.of(new SlackNotificationChannel(URI.create(receiver.baseUrl() + "/services/T0/B0/s3cr3t"),
							new JsonPoster(Duration.ofSeconds(5)))),
					RETRY);
			dispatcher.start();
			Delivery delivery = dispatcher.dispatch(FIRING, List.of("slack")).get(0);
			await().until(() -> delivery.status() == Status.FAILED);
			assertThat(delivery.attempts()).isOne();
			assertThat(delivery.error()).startsWith("Slack answered HTTP 404").doesNotContain("s3cr3t");
			dispatcher.stop();
		}
	}

	@Test
	void aSlowChannelHoldsUpNeitherTheCallerNorTheOtherChannels() throws Exception {
		try (OtlpReceiver slow = new OtlpReceiver(); OtlpReceiver fast = new OtlpReceiver()) {
			CountDownLatch release = new CountDownLatch(1);
			slow.respondWith((request) -> {
				await().atMost(Duration.ofSeconds(20)).until(() -> release.getCount() == 0);
				return OtlpReceiver.Response.ok();
			});
			NotificationDispatcher dispatcher = new NotificationDispatcher(
					List.of(webhook(slow, "/slow"), new SlackNotificationChannel(URI.create(fast.baseUrl() + "/slack"),
							new JsonPoster(Duration.ofSeconds(30)))),
					RETRY);
			dispatcher.start();
			List<Delivery> deliveries = dispatcher.dispatch(FIRING, List.of("webhook", "slack", "email"));
			assertThat(deliveries).extracting(Delivery::status).startsWith(Status.PENDING);
			assertThat(deliveries.get(2).status()).isEqualTo(Status.SKIPPED);
			await().until(() -> deliveries.get(1).status() == Status.DELIVERED);
			assertThat(deliveries.get(0).status()).isEqualTo(Status.PENDING);
			release.countDown();
			await().until(() -> deliveries.get(0).status() == Status.DELIVERED);
			dispatcher.stop();
		}
	}

	@Test
	void aStuckChannelsQueueIsBounded() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		NotificationChannel stuck = new NotificationChannel() {

			@Override
			public String name() {
				return "stuck";
			}

			@Override
			public void send(AlertNotification notification) throws InterruptedException {
				release.await();
			}

		};
		NotificationDispatcher dispatcher = new NotificationDispatcher(List.of(stuck), RETRY);
		dispatcher.start();
		List<Delivery> deliveries = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 100; i++) {
			deliveries.addAll(dispatcher.dispatch(FIRING, List.of("stuck")));
		}
		long dropped = deliveries.stream().filter((delivery) -> delivery.status() == Status.DROPPED).count();
		// one in progress, the queue full, the rest dropped
		assertThat(dropped).isBetween(100L - 1 - NotificationDispatcher.QUEUE_CAPACITY, 100L - NotificationDispatcher.QUEUE_CAPACITY);
		release.countDown();
		await().until(() -> deliveries.stream().noneMatch((delivery) -> delivery.status() == Status.PENDING));
		assertThat(deliveries).filteredOn((delivery) -> delivery.status() == Status.DELIVERED)
			.hasSize((int) (100 - dropped));
		dispatcher.stop();
	}

	@Test
	void theWebhookBodyIsSignedWithHmacSha256() throws Exception {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			NotificationDispatcher dispatcher = new NotificationDispatcher(
					List.of(new WebhookNotificationChannel(URI.create(receiver.baseUrl() + "/hook"), "k3y", "X-Signature",
							Map.of("Authorization", "Bearer token-1"), new JsonPoster(Duration.ofSeconds(5)))),
					RETRY);
			dispatcher.start();
			dispatcher.dispatch(FIRING, List.of("webhook"));
			await().until(() -> receiver.requests().size() == 1);
			OtlpReceiver.Request request = receiver.requests().get(0);
			assertThat(request.header("Authorization")).isEqualTo("Bearer token-1");
			// a receiver recomputes the HMAC of the raw body with the shared secret
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			assertThat(request.header("X-Signature"))
				.isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(request.rawBody())));
			assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"alert\":\"high_error_rate\"")
				.contains("\"state\":\"firing\"")
				.contains("\"value\":0.125");
			dispatcher.stop();
		}
	}

	@Test
	void channelThreadsStartWithTheContextAndStopWithItAfterTheQueueDrains() {
		List<AlertNotification> sent = new CopyOnWriteArrayList<>();
		NotificationChannel channel = new NotificationChannel() {

			@Override
			public String name() {
				return "lifecycle-test";
			}

			@Override
			public void send(AlertNotification notification) {
				sent.add(notification);
			}

		};
		NotificationDispatcher dispatcher = new NotificationDispatcher(List.of(channel), RETRY);
		assertThat(dispatcher.dispatch(FIRING, List.of("lifecycle-test")).get(0).status()).isEqualTo(Status.DROPPED);
		assertThat(threadsOf(channel)).isEmpty();
		List<Delivery> queued = new CopyOnWriteArrayList<>();
		new ApplicationContextRunner().withBean(NotificationDispatcher.class, () -> dispatcher).run((context) -> {
			assertThat(dispatcher.isRunning()).isTrue();
			queued.addAll(dispatcher.dispatch(FIRING, List.of("lifecycle-test")));
			assertThat(threadsOf(channel)).hasSize(1);
		});
		// Once the context has closed, the queued notification has gone out and the thread has stopped.
		assertThat(dispatcher.isRunning()).isFalse();
		assertThat(queued).extracting(Delivery::status).containsExactly(Status.DELIVERED);
		assertThat(sent).containsExactly(FIRING);
		await().until(() -> threadsOf(channel).isEmpty());
		assertThat(dispatcher.dispatch(FIRING, List.of("lifecycle-test")).get(0).status()).isEqualTo(Status.DROPPED);
	}

	private static List<Thread> threadsOf(NotificationChannel channel) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().equals("logfire-notify-" + channel.name()))
			.toList();
	}

	private static WebhookNotificationChannel webhook(OtlpReceiver receiver, String path) {
		return new WebhookNotificationChannel(URI.create(receiver.baseUrl() + path), null, "X-Logfire-Signature",
				Map.of(), new JsonPoster(Duration.ofSeconds(30)));
	}

}
