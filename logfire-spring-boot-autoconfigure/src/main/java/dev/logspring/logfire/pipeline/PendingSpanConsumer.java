package dev.logspring.logfire.pipeline;

import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Marks a {@link SpanExporter} that also receives the {@code pending_span} copies of spans
 * still running: the exporters to Logfire's backend, whose UI shows them live. Other consumers
 * (the console, alerts, the explorer, exporters the starter did not build) would count or show
 * each copy as one more span, and never get one.
 */
public interface PendingSpanConsumer {

}
