package dev.logspring.logfire.api;

import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Marks a {@link SpanExporter} bean that receives every span the application records, sanitized,
 * before the export stages (tail sampling) choose which to keep: for consumers that count
 * spans, such as alerts, whose error rates and percentiles would otherwise be computed over the
 * traces sampling favours (errors and slow ones).
 */
public interface EverySpanConsumer {

}
