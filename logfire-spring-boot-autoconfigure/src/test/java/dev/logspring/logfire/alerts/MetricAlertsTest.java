package dev.logspring.logfire.alerts;

import java.time.Duration;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Alerts on metrics recorded through the Logfire API, read by the alerts' MetricReader from the
 * SDK: averages, percentiles, counter sums and gauge levels over a sliding window.
 */
class MetricAlertsTest {

	private final ApplicationContextRunner runner = LogfireContextRunners.full()
		.withBean(RecordingSpanExporter.class, RecordingSpanExporter::new)
		.withPropertyValues("logfire.alerting.evaluation-interval=50ms");

	@Test
	void aLowAverageFiresAndRecoveredValuesResolve() {
		this.runner
			.withPropertyValues("logfire.alerts.accuracy_drop.metric=model_accuracy",
					"logfire.alerts.accuracy_drop.aggregation=avg", "logfire.alerts.accuracy_drop.comparison=below",
					"logfire.alerts.accuracy_drop.threshold=0.8", "logfire.alerts.accuracy_drop.window=1s",
					"logfire.alerts.accuracy_drop.min-samples=3", "logfire.alerts.accuracy_drop.cooldown=0")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				logfire.metric("model_accuracy", 0.6);
				logfire.metric("model_accuracy", 0.7);
				await().untilAsserted(() -> assertThat(status(context, "accuracy_drop").valueText())
					.isEqualTo("not enough data (2 samples in the last 1s, at least 3 needed)"));
				assertThat(status(context, "accuracy_drop").state()).isEqualTo("ok");
				logfire.metric("model_accuracy", 0.65);
				AlertStatus firing = awaitState(context, "accuracy_drop", "firing");
				assertThat(firing.value()).isCloseTo(0.65, within(1e-9));
				SpanData log = awaitLog(context, "Alert accuracy_drop firing: avg of model_accuracy is 0.65, below 0.8");
				assertThat(log.getAttributes().get(LogfireAttributes.LEVEL_NUM)).isEqualTo(13L);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					logfire.metric("model_accuracy", 0.95);
					assertThat(status(context, "accuracy_drop").state()).isEqualTo("ok");
				});
				SpanData resolved = awaitLog(context, "Alert accuracy_drop resolved: avg of model_accuracy is ");
				assertThat(resolved.getAttributes().get(LogfireAttributes.LEVEL_NUM)).isEqualTo(9L);
				assertThat(resolved.getAttributes().get(AttributeKey.doubleKey("alert.value"))).isGreaterThanOrEqualTo(0.8);
			});
	}

	@Test
	void aPercentileOfAHistogramComesFromItsBuckets() {
		this.runner
			.withPropertyValues("logfire.alerts.slow_checkout.metric=checkout_ms",
					"logfire.alerts.slow_checkout.aggregation=p95", "logfire.alerts.slow_checkout.threshold=90",
					"logfire.alerts.slow_checkout.window=10s")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				for (int value = 1; value <= 100; value++) {
					logfire.histogram("checkout_ms").record(value);
				}
				AlertStatus firing = awaitState(context, "slow_checkout", "firing");
				assertThat(firing.samples()).isEqualTo(100);
				// exponential buckets, then HdrHistogram: a few percent from the exact 95
				assertThat(firing.value()).isCloseTo(95, within(95 * 0.05));
				assertThat(firing.rule()).isEqualTo("p95 of checkout_ms above 90 over 10s");
			});
	}

	@Test
	void aCounterIsSummedOverTheWindow() {
		this.runner
			.withPropertyValues("logfire.alerts.payment_failures.metric=payment_failures",
					"logfire.alerts.payment_failures.aggregation=sum", "logfire.alerts.payment_failures.threshold=2",
					"logfire.alerts.payment_failures.window=500ms")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(status(context, "payment_failures").value()).isZero());
				for (int i = 0; i < 3; i++) {
					logfire.counter("payment_failures").record(1);
				}
				AlertStatus firing = awaitState(context, "payment_failures", "firing");
				assertThat(firing.value()).isEqualTo(3.0);
			});
	}

	@Test
	void aGaugeIsReadAsItsCurrentLevel() {
		this.runner
			.withPropertyValues("logfire.alerts.backlog.metric=queue_depth", "logfire.alerts.backlog.aggregation=max",
					"logfire.alerts.backlog.threshold=100", "logfire.alerts.backlog.window=1s")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				logfire.gauge("queue_depth").record(120);
				assertThat(awaitState(context, "backlog", "firing").value()).isEqualTo(120.0);
				logfire.gauge("queue_depth").record(3);
				// the level is read at every evaluation: the high one slides out of the window
				assertThat(awaitState(context, "backlog", "ok").value()).isEqualTo(3.0);
			});
	}

	private static AlertStatus status(AssertableApplicationContext context, String name) {
		return context.getBean(AlertEvaluator.class)
			.statuses()
			.stream()
			.filter((status) -> status.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static AlertStatus awaitState(AssertableApplicationContext context, String name, String state) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> status(context, name), (status) -> status.state().equals(state));
	}

	private static SpanData awaitLog(AssertableApplicationContext context, String messageStart) {
		return context.getBean(RecordingSpanExporter.class).awaitSpan((span) -> {
			String message = span.getAttributes().get(LogfireAttributes.MSG);
			return message != null && message.startsWith(messageStart);
		});
	}

}
