package dev.logspring.logfire.api;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Makes one span safe to leave the process (scrubbing, size limits). Every consumer of spans
 * (the console, each exporter, alerts, the explorer) sees spans only after it. Must be
 * thread-safe and must not throw.
 */
@FunctionalInterface
public interface SpanSanitizer {

	SpanData sanitize(SpanData span);

}
