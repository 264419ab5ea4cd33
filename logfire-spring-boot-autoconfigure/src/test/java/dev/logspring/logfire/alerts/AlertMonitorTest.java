package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.logspring.logfire.api.AlertNotification.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine on a controlled clock: one announcement when an alert fires, one when it
 * resolves, and a cooldown that coalesces flapping but always announces the final state.
 */
class AlertMonitorTest {

	private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

	@Test
	void firesOnceAndResolvesOnce() {
		AlertMonitor monitor = monitor("error_rate", 0.05, Duration.ofSeconds(10), Duration.ZERO);
		List<AlertMonitor.Announcement> announcements = new ArrayList<>();
		for (int second = 0; second < 30; second++) {
			Instant now = T0.plusSeconds(second);
			boolean failing = second >= 5 && second < 12;
			request(monitor, now, failing ? 500 : 200);
			request(monitor, now, 200);
			collect(announcements, monitor.evaluate(now, true));
		}
		assertThat(announcements).extracting(AlertMonitor.Announcement::state)
			.containsExactly(State.FIRING, State.RESOLVED);
		assertThat(announcements.get(0).time()).isEqualTo(T0.plusSeconds(5));
		assertThat(announcements.get(0).value()).isEqualTo(1.0 / 12);
		// resolved as the failures slide out of the 10 s window (at 20 s, 1 error in 20 requests is 5%, not above)
		assertThat(announcements.get(1).time()).isBetween(T0.plusSeconds(20), T0.plusSeconds(22));
		assertThat(monitor.status().stateChanges()).isEqualTo(2);
	}

	@Test
	void flappingIsCoalescedByTheCooldownAndTheLastStateIsAnnounced() {
		AlertMonitor monitor = monitor("error_rate", 0.5, Duration.ofSeconds(1), Duration.ofSeconds(10));
		List<AlertMonitor.Announcement> announcements = new ArrayList<>();
		// the error rate flips every two seconds for 25 s, then stays healthy
		for (int tenth = 0; tenth < 400; tenth++) {
			Instant now = T0.plusMillis(tenth * 100L);
			boolean failing = tenth < 250 && (tenth / 20) % 2 == 1;
			request(monitor, now, failing ? 500 : 200);
			collect(announcements, monitor.evaluate(now, true));
		}
		assertThat(monitor.status().stateChanges()).isGreaterThanOrEqualTo(12);
		assertThat(announcements).hasSizeLessThanOrEqualTo(5);
		for (int i = 1; i < announcements.size(); i++) {
			assertThat(announcements.get(i).state()).isNotEqualTo(announcements.get(i - 1).state());
			assertThat(Duration.between(announcements.get(i - 1).time(), announcements.get(i).time()))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(10));
		}
		assertThat(announcements.get(announcements.size() - 1).state()).isEqualTo(State.RESOLVED);
	}

	@Test
	void tooFewSamplesNeitherFireNorKeepAnAlertFiring() {
		AlertDefinition definition = definition("p95_latency", 100, Duration.ofSeconds(10), Duration.ZERO, 3);
		AlertMonitor monitor = new AlertMonitor(definition);
		monitor.record(sample(T0, 200, 500));
		monitor.record(sample(T0, 200, 500));
		assertThat(monitor.evaluate(T0, true)).isNull();
		assertThat(monitor.status().valueText())
			.isEqualTo("not enough data (2 requests in the last 10s, at least 3 needed)");
		monitor.record(sample(T0, 200, 500));
		assertThat(monitor.evaluate(T0.plusMillis(1), true).state()).isEqualTo(State.FIRING);
		assertThat(monitor.evaluate(T0.plusSeconds(11), true).state()).isEqualTo(State.RESOLVED);
	}

	@Test
	void aRequestRateIsOnlyJudgedOnceAWholeWindowWasSeen() {
		AlertMonitor monitor = new AlertMonitor(definition("request_rate", 1, Duration.ofSeconds(60), Duration.ZERO, 1,
				LogfireAlertsProperties.Comparison.BELOW));
		assertThat(monitor.evaluate(T0, false)).isNull();
		assertThat(monitor.status().valueText()).startsWith("not measured yet (the application has run for less than one window");
		AlertMonitor.Announcement quiet = monitor.evaluate(T0.plusSeconds(60), true);
		assertThat(quiet.state()).isEqualTo(State.FIRING);
		assertThat(quiet.value()).isZero();
	}

	@Test
	void latencyCountsSlowRequestsPerRouteToSayWhereToLook() {
		AlertMonitor monitor = monitor("p95_latency", 100, Duration.ofSeconds(10), Duration.ZERO);
		for (int i = 0; i < 10; i++) {
			monitor.record(new SpanSample("GET /slow", true, "/slow", "GET /slow", false, 300, T0.toEpochMilli()));
			monitor.record(new SpanSample("GET /fast", true, "/fast", "GET /fast", false, 2, T0.toEpochMilli()));
		}
		AlertMonitor.Announcement firing = monitor.evaluate(T0, true);
		assertThat(firing.value()).isCloseTo(300, org.assertj.core.data.Offset.offset(3.0));
		assertThat(firing.snapshot().top().get(0)).isEqualTo(new SlidingWindow.Label("GET /slow", 10, 10));
	}

	private static void collect(List<AlertMonitor.Announcement> announcements, AlertMonitor.Announcement announcement) {
		if (announcement != null) {
			announcements.add(announcement);
		}
	}

	private static void request(AlertMonitor monitor, Instant time, int status) {
		monitor.record(sample(time, status, 5));
	}

	private static SpanSample sample(Instant time, int status, double millis) {
		return new SpanSample("GET /orders", true, "/orders", "GET /orders", status >= 500, millis, time.toEpochMilli());
	}

	private static AlertMonitor monitor(String metric, double threshold, Duration window, Duration cooldown) {
		return new AlertMonitor(definition(metric, threshold, window, cooldown, 1));
	}

	private static AlertDefinition definition(String metric, double threshold, Duration window, Duration cooldown,
			int minSamples) {
		return definition(metric, threshold, window, cooldown, minSamples, LogfireAlertsProperties.Comparison.ABOVE);
	}

	private static AlertDefinition definition(String metric, double threshold, Duration window, Duration cooldown,
			int minSamples, LogfireAlertsProperties.Comparison comparison) {
		LogfireAlertsProperties.Alert alert = new LogfireAlertsProperties.Alert();
		alert.setMetric(metric);
		alert.setThreshold(threshold);
		alert.setWindow(window);
		alert.setCooldown(cooldown);
		alert.setMinSamples(minSamples);
		alert.setComparison(comparison);
		return AlertDefinition.of("test", alert);
	}

}
