package dev.logspring.logfire.alerts;

import java.time.Instant;
import java.util.List;

import dev.logspring.logfire.alerts.AlertMetric.Kind;
import dev.logspring.logfire.api.AlertNotification.State;
import dev.logspring.logfire.notifications.NotificationDispatcher.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * One alert at run time: its sliding window and its state. The state follows the metric at
 * every evaluation; announcements (notifications and the Logfire log) follow the state, but at
 * most one per cooldown: changes in between are coalesced, so a flapping metric cannot produce
 * a storm while the last state is always announced in the end.
 */
final class AlertMonitor {

	private final AlertDefinition definition;

	private final SlidingWindow window;

	private State state = State.RESOLVED;

	private @Nullable Instant stateSince;

	private @Nullable Double value;

	private SlidingWindow.Snapshot snapshot = SlidingWindow.Snapshot.EMPTY;

	private long stateChanges;

	private State announced = State.RESOLVED;

	private @Nullable Instant announcedAt;

	private @Nullable LastNotification lastNotification;

	AlertMonitor(AlertDefinition definition) {
		this.definition = definition;
		this.window = new SlidingWindow(definition.window(), definition.metric().percentile());
	}

	AlertDefinition definition() {
		return this.definition;
	}

	/** Whether this alert reads {@code sample}: an HTTP server request, or a span of the configured name. */
	boolean accepts(SpanSample sample) {
		if (!this.definition.metric().fromSpans()) {
			return false;
		}
		if (this.definition.spanName() != null ? !this.definition.spanName().equals(sample.name())
				: !sample.httpServer()) {
			return false;
		}
		return this.definition.route() == null || this.definition.route().equals(sample.route());
	}

	void record(SpanSample sample) {
		Kind kind = this.definition.metric().kind();
		boolean hit = switch (kind) {
			case ERROR_RATE -> sample.error();
			case LATENCY -> this.definition.comparison().breaches(sample.durationMillis(), this.definition.threshold());
			default -> true;
		};
		this.window.record(sample.endMillis(), sample.durationMillis(), hit, sample.label());
	}

	/** Whether this alert reads the recorded metric {@code name} (instrument names ignore case). */
	boolean readsMetric(String name) {
		return !this.definition.metric().fromSpans() && this.definition.metric().name().equalsIgnoreCase(name);
	}

	SlidingWindow window() {
		return this.window;
	}

	/**
	 * Computes the metric at {@code now} and returns what to announce, if anything.
	 * @param wholeWindowSeen whether the application has run for a whole window (counts, sums
	 * and rates are meaningless before)
	 */
	synchronized @Nullable Announcement evaluate(Instant now, boolean wholeWindowSeen) {
		this.snapshot = this.window.snapshot(now.toEpochMilli());
		AlertMetric metric = this.definition.metric();
		this.value = (metric.definedWhenEmpty() && !wholeWindowSeen) ? null
				: metric.value(this.snapshot, this.definition.window(), this.definition.minSamples());
		State current = (this.value != null
				&& this.definition.comparison().breaches(this.value, this.definition.threshold())) ? State.FIRING
						: State.RESOLVED;
		if (current != this.state) {
			this.state = current;
			this.stateSince = now;
			this.stateChanges++;
		}
		boolean cooledDown = this.announcedAt == null
				|| !now.isBefore(this.announcedAt.plus(this.definition.cooldown()));
		if (this.state == this.announced || !cooledDown) {
			return null;
		}
		this.announced = this.state;
		this.announcedAt = now;
		return new Announcement(this.definition, this.state, this.value, this.snapshot, this.stateSince, now);
	}

	synchronized void notified(LastNotification notification) {
		this.lastNotification = notification;
	}

	synchronized AlertStatus status() {
		AlertMetric metric = this.definition.metric();
		return new AlertStatus(this.definition.name(), metric.name(), this.definition.rule(),
				this.definition.threshold(), this.definition.comparison().word(),
				Durations.describe(this.definition.window()), (this.state == State.FIRING) ? "firing" : "ok",
				this.value, valueText(this.value, this.snapshot), this.snapshot.count(), this.stateSince,
				this.stateChanges, this.definition.channels(),
				(this.lastNotification != null) ? this.lastNotification.describe() : null);
	}

	/** The value as people read it, or why there is none. */
	String valueText(@Nullable Double value, SlidingWindow.Snapshot snapshot) {
		AlertMetric metric = this.definition.metric();
		if (value != null) {
			return metric.format(value);
		}
		if (metric.definedWhenEmpty()) {
			return "not measured yet (the application has run for less than one window, "
					+ Durations.describe(this.definition.window()) + ")";
		}
		return "not enough data (" + snapshot.count() + " " + metric.sampleNoun() + " in the last "
				+ Durations.describe(this.definition.window()) + ", at least " + this.definition.minSamples()
				+ " needed)";
	}

	/** A state to announce, with what was measured. */
	record Announcement(AlertDefinition definition, State state, @Nullable Double value,
			SlidingWindow.Snapshot snapshot, @Nullable Instant since, Instant time) {
	}

	/** The last announcement sent to channels, and how each delivery went. */
	record LastNotification(State state, Instant time, List<Delivery> deliveries) {

		AlertStatus.Notification describe() {
			return new AlertStatus.Notification(this.state.word(), this.time,
					this.deliveries.stream()
						.map((delivery) -> new AlertStatus.ChannelDelivery(delivery.channel(),
								delivery.status().name().toLowerCase(java.util.Locale.ROOT), delivery.attempts(),
								delivery.error(), delivery.finishedAt()))
						.toList());
		}

	}

}
