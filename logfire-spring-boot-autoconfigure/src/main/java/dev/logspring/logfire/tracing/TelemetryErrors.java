package dev.logspring.logfire.tracing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.opentelemetry.exporter.internal.FailedExportException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
		if (failure instanceof FailedExportException.HttpExportException http) {
			if (http.failedWithResponse()) {
				return "HTTP " + http.getResponse().statusCode();
			}
			failure = (http.getCause() != null) ? http.getCause() : http;
		}
		if (failure instanceof TimeoutException) {
			return failure.getMessage();
		}
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
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
