package dev.logspring.logfire.api;

/**
 * A notification was refused. Retryable when trying again may help (a timeout, HTTP 429 or
 * 5xx); not when it cannot (HTTP 400 for a malformed payload, 404 for a revoked webhook).
 */
public class NotificationFailedException extends RuntimeException {

	private final boolean retryable;

	public NotificationFailedException(String message, boolean retryable) {
		super(message);
		this.retryable = retryable;
	}

	public boolean isRetryable() {
		return this.retryable;
	}

}
