package dev.logspring.logfire.tracing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
			long now = System.nanoTime();
			Long previous = lastReported.get(where);
			if (previous != null && now - previous < INTERVAL_NANOS) {
				return;
			}
			lastReported.put(where, now);
			logger.warn("Logfire telemetry failed in " + where + " (the application is unaffected): " + failure,
					logger.isDebugEnabled() ? failure : null);
		}
		catch (Throwable ignored) {
			// Reporting must not fail the caller either.
		}
	}

}
