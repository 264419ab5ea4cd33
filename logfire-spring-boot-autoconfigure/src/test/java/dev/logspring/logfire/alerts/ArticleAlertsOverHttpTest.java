package dev.logspring.logfire.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.notifications.WebhookNotificationChannel;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The article's two alerts on a real web application: failing and slow requests fire them,
 * healthy traffic resolves them, and each fire and resolve reaches Slack, e-mail (a real SMTP
 * server) and a signed webhook exactly once, is logged through Logfire, and shows in the
 * actuator endpoint. Windows are shortened to seconds to keep the test fast.
 */
class ArticleAlertsOverHttpTest {

	private static final String WEBHOOK_SECRET = "webhook-s3cret";

	@RegisterExtension
	static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@Test
	void failingAndSlowRequestsFireBothAlertsAndHealthyTrafficResolvesThem() throws Exception {
		try (OtlpReceiver slack = new OtlpReceiver(); OtlpReceiver webhook = new OtlpReceiver()) {
			AtomicInteger slackCalls = new AtomicInteger();
			// Slack fails once: the notification is retried, nothing else notices
			slack.respondWith((request) -> (slackCalls.getAndIncrement() == 0) ? OtlpReceiver.Response.status(503)
					: OtlpReceiver.Response.ok());
			try (ConfigurableApplicationContext context = ShopApplication.start(properties(slack, webhook));
					ShopApplication.Traffic traffic = new ShopApplication.Traffic(context)) {
				// trouble, for as long as it takes to check: about half the requests fail, a fifth take 300 ms
				try (AutoCloseable failing = traffic.sendInBackground("/checkout", 50);
						AutoCloseable working = traffic.sendInBackground("/orders", 50);
						AutoCloseable slow1 = traffic.sendInBackground("/report?millis=300", 0);
						AutoCloseable slow2 = traffic.sendInBackground("/report?millis=300", 0);
						AutoCloseable slow3 = traffic.sendInBackground("/report?millis=300", 0)) {
					await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
						assertThat(slack.requests()).hasSize(1);
						assertThat(webhook.requests()).hasSize(1);
						assertThat(smtp.getReceivedMessages()).hasSize(1);
					});
					await().untilAsserted(() -> {
						JsonNode firing = endpoint(traffic);
						assertThat(alert(firing, "slow_response").path("state").asString()).isEqualTo("firing");
						JsonNode errors = alert(firing, "high_error_rate");
						assertThat(errors.path("state").asString()).isEqualTo("firing");
						assertThat(errors.path("value").asDouble()).isGreaterThan(0.05);
						assertThat(errors.at("/lastNotification/state").asString()).isEqualTo("firing");
						assertThat(errors.at("/lastNotification/channels")
							.valueStream()
							.map((delivery) -> delivery.path("channel").asString() + ":"
									+ delivery.path("status").asString() + ":" + delivery.path("attempts").asInt())
							.toList()).containsExactly("slack:delivered:2", "email:delivered:1");
					});
					assertThat(slack.requests()).hasSize(1);
					assertThat(webhook.requests()).hasSize(1);
					assertThat(smtp.getReceivedMessages()).hasSize(1);
				}

				// healthy traffic until both alerts resolve, then a while longer: nothing more is sent
				try (AutoCloseable healthy = traffic.sendInBackground("/orders")) {
					await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
						assertThat(slack.requests()).hasSize(2);
						assertThat(webhook.requests()).hasSize(2);
						assertThat(smtp.getReceivedMessages()).hasSize(2);
					});
					traffic.sendFor("/orders", Duration.ofMillis(1500));
				}
				assertThat(slack.requests()).hasSize(2);
				assertThat(webhook.requests()).hasSize(2);
				assertThat(smtp.getReceivedMessages()).hasSize(2);

				assertSlackMessages(slack.requests());
				assertEmails(smtp.getReceivedMessages());
				assertSignedWebhooks(webhook.requests());
				assertLogfireLogs(context.getBean(RecordingSpanExporter.class));
				JsonNode resolved = endpoint(traffic);
				for (String name : List.of("high_error_rate", "slow_response")) {
					assertThat(alert(resolved, name).path("state").asString()).isEqualTo("ok");
					assertThat(alert(resolved, name).at("/lastNotification/state").asString()).isEqualTo("resolved");
					assertThat(alert(resolved, name).path("stateChanges").asInt()).isEqualTo(2);
				}
			}
		}
	}

	private static Map<String, Object> properties(OtlpReceiver slack, OtlpReceiver webhook) {
		return Map.ofEntries(Map.entry("logfire.alerts.high_error_rate.metric", "error_rate"),
				Map.entry("logfire.alerts.high_error_rate.threshold", "0.05"),
				Map.entry("logfire.alerts.high_error_rate.window", "2"),
				Map.entry("logfire.alerts.high_error_rate.channels", "slack,email"),
				Map.entry("logfire.alerts.high_error_rate.cooldown", "1s"),
				Map.entry("logfire.alerts.slow_response.metric", "p95_latency"),
				Map.entry("logfire.alerts.slow_response.threshold", "200"),
				Map.entry("logfire.alerts.slow_response.window", "2"),
				Map.entry("logfire.alerts.slow_response.channels", "webhook"),
				// the first requests to a fresh JVM are slow too: judge on enough of them
				Map.entry("logfire.alerts.slow_response.min-samples", "20"),
				Map.entry("logfire.alerts.slow_response.cooldown", "1s"),
				Map.entry("logfire.alerting.evaluation-interval", "100ms"),
				Map.entry("logfire.notifications.slack.webhook-url", slack.baseUrl() + "/services/T000/B000/XXXX"),
				Map.entry("logfire.notifications.webhook.url", webhook.baseUrl() + "/hooks/alerts"),
				Map.entry("logfire.notifications.webhook.secret", WEBHOOK_SECRET),
				Map.entry("logfire.notifications.email.to", "oncall@shop.example"),
				Map.entry("logfire.notifications.email.from", "alerts@shop.example"),
				Map.entry("logfire.notifications.retry.initial-delay", "50ms"),
				Map.entry("spring.mail.host", "127.0.0.1"),
				Map.entry("spring.mail.port", String.valueOf(smtp.getSmtp().getPort())),
				Map.entry("management.endpoints.web.exposure.include", "logfirealerts"));
	}

	private static void assertSlackMessages(List<OtlpReceiver.Request> requests) {
		assertThat(requests).extracting(OtlpReceiver.Request::path).containsOnly("/services/T000/B000/XXXX");
		JsonNode firing = json(requests.get(0).body());
		assertThat(requests.get(0).header("Content-Type")).isEqualTo("application/json");
		assertThat(firing.path("text").asString()).startsWith("[FIRING] high_error_rate: error rate ")
			.endsWith("(above 5%) on shop");
		assertThat(firing.path("blocks").valueStream().map(JsonNode::toString).toList())
			.anySatisfy((block) -> assertThat(block).contains("high_error_rate is firing").contains("plain_text"))
			.anySatisfy((block) -> assertThat(block).contains("*Where to look*")
				.containsPattern("GET /checkout: (\\d+) errors in \\1 requests"));
		String resolved = json(requests.get(1).body()).path("text").asString();
		assertThat(resolved).matches("\\[RESOLVED\\] high_error_rate: error rate [\\d.]+% on shop");
		assertThat(percent(resolved)).isLessThanOrEqualTo(5.0);
	}

	private static void assertEmails(MimeMessage[] messages) throws Exception {
		MimeMessage firing = messages[0];
		assertThat(firing.getSubject()).startsWith("[FIRING] high_error_rate: error rate ").endsWith("(above 5%) on shop");
		assertThat(firing.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@shop.example");
		assertThat(firing.getFrom()).extracting(Object::toString).containsExactly("alerts@shop.example");
		String body = firing.getContent().toString().replace("\r\n", "\n"); // SMTP's line ends
		assertThat(body).contains("Alert high_error_rate is firing on shop: the error rate over the last 2s is ")
			.contains("Rule:      error rate above 5% over 2s")
			.containsPattern("Measured:  \\d+(\\.\\d+)?% from \\d+ requests in the last 2s")
			.containsPattern("Where to look:\n  - GET /checkout: (\\d+) errors in \\1 requests")
			.contains("What to do: open the traces of shop around ")
			.contains("one more message when the alert resolves");
		MimeMessage resolved = messages[1];
		assertThat(resolved.getSubject()).matches("\\[RESOLVED\\] high_error_rate: error rate [\\d.]+% on shop");
		assertThat(percent(resolved.getSubject())).isLessThanOrEqualTo(5.0);
		assertThat(resolved.getContent().toString().replace("\r\n", "\n"))
			.containsPattern("Alert high_error_rate is resolved on shop: the error rate over the last 2s is [\\d.]+%, "
					+ "no longer above 5%.")
			.contains("Nothing to do: the alert fires again if the error rate goes above 5% again.");
	}

	private static void assertSignedWebhooks(List<OtlpReceiver.Request> requests) throws Exception {
		for (OtlpReceiver.Request request : requests) {
			String signature = request.header(WebhookNotificationChannel.DEFAULT_SIGNATURE_HEADER);
			assertThat(signature).isEqualTo(WebhookNotificationChannel
				.sign(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), request.rawBody()));
			assertThat(signature).isNotEqualTo(WebhookNotificationChannel
				.sign("another secret".getBytes(StandardCharsets.UTF_8), request.rawBody()));
		}
		JsonNode firing = json(requests.get(0).body());
		assertThat(firing.path("alert").asString()).isEqualTo("slow_response");
		assertThat(firing.path("state").asString()).isEqualTo("firing");
		assertThat(firing.path("metric").asString()).isEqualTo("p95_latency");
		assertThat(firing.path("value").asDouble()).isGreaterThan(200.0);
		assertThat(firing.path("threshold").asDouble()).isEqualTo(200.0);
		assertThat(firing.path("window_seconds").asInt()).isEqualTo(2);
		assertThat(firing.path("service").asString()).isEqualTo("shop");
		// every request to /report was slower than the threshold
		assertThat(firing.path("top").valueStream()).anySatisfy((route) -> {
			assertThat(route.path("label").asString()).isEqualTo("GET /report");
			assertThat(route.path("matching").asInt()).isPositive().isEqualTo(route.path("total").asInt());
		});
		JsonNode resolved = json(requests.get(1).body());
		assertThat(resolved.path("state").asString()).isEqualTo("resolved");
		assertThat(resolved.path("value").asDouble()).isLessThan(200.0);
	}

	private static void assertLogfireLogs(RecordingSpanExporter spans) {
		SpanData fired = spans.awaitSpan((span) -> message(span).startsWith("Alert high_error_rate firing: error rate is "));
		assertThat(fired.getAttributes().get(LogfireAttributes.LEVEL_NUM)).isEqualTo(13L);
		assertThat(fired.getAttributes().get(LogfireAttributes.TAGS)).containsExactly("alert");
		assertThat(message(fired)).endsWith("above 5% over the last 2s");
		SpanData resolved = spans
			.awaitSpan((span) -> message(span).equals("Alert slow_response resolved: p95 latency is "
					+ span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("value"))
					+ " over the last 2s"));
		assertThat(resolved.getAttributes().get(LogfireAttributes.LEVEL_NUM)).isEqualTo(9L);
		assertThat(spans.spans().stream().filter((span) -> message(span).startsWith("Alert "))).hasSize(4);
	}

	/** The percentage in "... error rate 4.9% on shop". */
	private static double percent(String text) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("([\\d.]+)%").matcher(text);
		assertThat(matcher.find()).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private static String message(SpanData span) {
		String message = span.getAttributes().get(LogfireAttributes.MSG);
		return (message != null) ? message : "";
	}

	private static JsonNode endpoint(ShopApplication.Traffic traffic) {
		return JsonMapper.shared().readTree(traffic.body("/actuator/logfirealerts"));
	}

	private static JsonNode alert(JsonNode endpoint, String name) {
		return endpoint.path("alerts")
			.valueStream()
			.filter((alert) -> alert.path("name").asString().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode json(byte[] body) {
		return JsonMapper.shared().readTree(body);
	}

}
