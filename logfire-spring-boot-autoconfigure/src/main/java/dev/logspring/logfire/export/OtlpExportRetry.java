package dev.logspring.logfire.export;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.otlp.internal.OtlpHttpStatusException;
import dev.logspring.logfire.pipeline.ExportRetry;
import org.jspecify.annotations.Nullable;

/**
 * Logfire's retry rules for OTLP/HTTP: 408, 429 and 5xx answers, connection failures and
 * timeouts are retried with exponential backoff (1 s doubling to 60 s, with jitter), or after
 * exactly the backend's {@code Retry-After}; a batch is given up after ten attempts (about five
 * minutes). Other answers (400, 401, 413...) will not get better and are not retried.
 */
final class OtlpExportRetry implements ExportRetry {

	static final int MAX_ATTEMPTS = 10;

	static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

	/** A backend asking for longer is heard, but the queue would only overflow meanwhile. */
	static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	@Override
	public @Nullable Duration delayAfter(@Nullable Throwable failure, int attempt) {
		if (attempt >= MAX_ATTEMPTS || !isRetryable(failure)) {
			return null;
		}
		Duration asked = retryAfter(failure);
		if (asked != null) {
			return (asked.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : asked;
		}
		long backoff = Math.min(MAX_BACKOFF.toMillis(), INITIAL_BACKOFF.toMillis() << Math.min(attempt - 1, 16));
		return Duration.ofMillis((long) (backoff * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
	}

	static boolean isRetryable(@Nullable Throwable failure) {
		OtlpHttpStatusException status = TelemetryErrors.find(failure, OtlpHttpStatusException.class);
		if (status != null) {
			int code = status.statusCode();
			return code == 408 || code == 429 || code >= 500;
		}
		if (TelemetryErrors.find(failure, TimeoutException.class) != null) {
			return true;
		}
		IOException io = TelemetryErrors.find(failure, IOException.class);
		if (io != null) {
			return !(io instanceof SSLException);
		}
		// SDK 1.55 fails an export that the backend answered with an error without saying which:
		// tried again, as a 5xx would be.
		return !OtlpTransport.REPORTS_STATUS;
	}

	private static @Nullable Duration retryAfter(@Nullable Throwable failure) {
		OtlpHttpStatusException status = TelemetryErrors.find(failure, OtlpHttpStatusException.class);
		return (status != null) ? RetryAfter.parse(status.retryAfter()) : null;
	}

}
