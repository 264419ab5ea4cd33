package dev.logspring.logfire.pipeline;

import dev.logspring.logfire.internal.LogfireAttributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Marks a {@link SpanExporter} that also receives the {@code pending_span} copies of spans
 * still running: the exporters to Logfire's backend, whose UI shows them live. Other consumers
 * (the console, alerts, the explorer, exporters the starter did not build) would count or show
 * each copy as one more span, and never get one.
 */
public interface PendingSpanConsumer {

	/** Whether {@code span} is the {@code pending_span} copy of a running span. */
	static boolean isPendingCopy(SpanData span) {
		return LogfireAttributes.SPAN_TYPE_PENDING.equals(span.getAttributes().get(LogfireAttributes.SPAN_TYPE));
	}

}
