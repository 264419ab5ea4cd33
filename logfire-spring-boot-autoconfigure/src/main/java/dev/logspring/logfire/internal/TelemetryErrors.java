package dev.logspring.logfire.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import dev.logspring.logfire.otlp.internal.OtlpHttpStatusException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where the starter reports its own failures: telemetry must never break the application, so
 * our code catches what it throws and reports it here, at most once a minute per place.
 */
public final class TelemetryErrors {

	private static final Log logger = LogFactory.getLog(TelemetryErrors.class);

	private static final long INTERVAL_NANOS = 60_000_000_000L;

	private static final Map<String, Long> lastReported = new ConcurrentHashMap<>();

	private TelemetryErrors() {
	}

	/** Reports a failure of the starter itself; never throws. */
	public static void report(String where, Throwable failure) {
		try {
			if (due(where)) {
				logger.warn("Logfire telemetry failed in " + where + " (the application is unaffected): " + failure,
						logger.isDebugEnabled() ? failure : null);
			}
		}
		catch (Throwable ignored) {
			// Reporting must not fail the caller either.
		}
	}

	/**
	 * Reports a problem described by {@code message}, which must not contain secrets, at most
	 * once a minute per {@code where}; never throws.
	 */
	public static void report(String where, String message) {
		try {
			if (due(where)) {
				logger.warn(message);
			}
		}
		catch (Throwable ignored) {
			// Reporting must not fail the caller either.
		}
	}

	/** Why an export failed, in words that never include request headers (the token). */
	public static String describe(Throwable failure) {
		OtlpHttpStatusException status = find(failure, OtlpHttpStatusException.class);
		if (status != null) {
			return status.getMessage();
		}
		TimeoutException timeout = find(failure, TimeoutException.class);
		if (timeout != null) {
			return timeout.getMessage();
		}
		// The SDK wraps what failed (a refused connection, a timeout) in exceptions of its own.
		Throwable cause = find(failure, IOException.class);
		if (cause == null) {
			if (failure.getCause() == null && failure.getMessage() == null) {
				// How SDK 1.55 reports an error status from the backend, without the status.
				return "the backend answered with an error status";
			}
			cause = (failure.getCause() != null) ? failure.getCause() : failure;
		}
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/** The first exception of {@code type} in {@code failure}'s cause chain, or {@code null}. */
	public static <T extends Throwable> @Nullable T find(@Nullable Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	public static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private static boolean due(String where) {
		long now = System.nanoTime();
		Long previous = lastReported.get(where);
		if (previous != null && now - previous < INTERVAL_NANOS) {
			return false;
		}
		lastReported.put(where, now);
		return true;
	}

}
