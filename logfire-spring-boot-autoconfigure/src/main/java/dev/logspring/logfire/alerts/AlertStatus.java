package dev.logspring.logfire.alerts;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An alert as the actuator endpoint shows it: the rule, the current value and state, and the
 * last notification with how each channel delivered it.
 *
 * @param name the alert's name
 * @param metric the configured metric
 * @param rule the rule in words ("error rate above 5% over 1m")
 * @param threshold the threshold
 * @param comparison above or below
 * @param window the window ("1m")
 * @param state {@code firing} or {@code ok}
 * @param value the value at the last evaluation, {@code null} without enough samples
 * @param valueText the value as people read it, or why there is none
 * @param samples samples in the window at the last evaluation
 * @param stateSince when the state last changed ({@code null}: never changed since startup)
 * @param stateChanges how many times the state changed since startup
 * @param channels the channels the alert notifies
 * @param lastNotification the last notification, {@code null} before the first
 */
public record AlertStatus(String name, String metric, String rule, double threshold, String comparison, String window,
		String state, @Nullable Double value, String valueText, long samples, @Nullable Instant stateSince,
		long stateChanges, List<String> channels, @Nullable Notification lastNotification) {

	/** A notification: its state, when it was sent, and each channel's delivery. */
	public record Notification(String state, Instant time, List<ChannelDelivery> channels) {
	}

	/**
	 * One channel's delivery: {@code pending}, {@code delivered}, {@code failed} (after every
	 * attempt), {@code dropped} (queue full) or {@code skipped} (channel not configured).
	 */
	public record ChannelDelivery(String channel, String status, int attempts, @Nullable String error,
			@Nullable Instant finishedAt) {
	}

}
