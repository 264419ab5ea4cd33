package dev.logspring.logfire.api;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where alert notifications go. The starter provides {@code slack}, {@code webhook},
 * {@code email} and {@code alertmanager}; a bean of this type adds a channel (or replaces a
 * built-in one of the same name) that alerts name in {@code logfire.alerts.<alert>.channels}.
 * <p>
 * Called on the channel's own background thread, one notification at a time. A failure is
 * retried with backoff unless it is a {@link NotificationFailedException} that is not
 * retryable.
 */
public interface NotificationChannel {

	/** The name alerts refer to. */
	String name();

	/** Delivers one notification, or throws. */
	void send(AlertNotification notification) throws Exception;

	/**
	 * How often a firing alert is sent again until it resolves, for receivers that forget an
	 * alert nobody renews (Alertmanager); {@code null}, the default, sends each state once.
	 */
	default @Nullable Duration resendInterval() {
		return null;
	}

}
