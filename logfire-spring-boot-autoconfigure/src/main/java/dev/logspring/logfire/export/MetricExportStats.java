package dev.logspring.logfire.export;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A destination's metric export counters, for health.
 * @param exports successful exports (one per interval)
 * @param failedExports failed attempts (each retry counts)
 */
public record MetricExportStats(String name, long exports, long failedExports, @Nullable Instant lastSuccess,
		@Nullable Instant lastFailure, @Nullable String lastFailureReason) {
}
