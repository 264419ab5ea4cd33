package dev.logspring.logfire.otlp.internal;

/**
 * An OTLP export answered with a status other than 2xx, with the backend's {@code Retry-After}
 * header as sent (or {@code null}). Reported through the exporter's failure, so that whoever
 * retries can read the status without the SDK's internal exception types.
 */
public final class OtlpHttpStatusException extends Exception {

	private final int statusCode;

	private final String retryAfter;

	public OtlpHttpStatusException(int statusCode, String retryAfter) {
		super("HTTP " + statusCode, null, false, false);
		this.statusCode = statusCode;
		this.retryAfter = retryAfter;
	}

	public int statusCode() {
		return this.statusCode;
	}

	/** The {@code Retry-After} header as the backend sent it, or {@code null}. */
	public String retryAfter() {
		return this.retryAfter;
	}

}
