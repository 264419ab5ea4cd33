package dev.logspring.logfire.export;

import java.time.Instant;

/**
 * A destination's metric export counters, for health.
 * @param exports successful exports (one per interval)
 * @param failedExports failed attempts (each retry counts)
 */
public record MetricExportStats(String name, long exports, long failedExports, Instant lastSuccess,
		Instant lastFailure, String lastFailureReason) {
}
