package dev.logspring.logfire.http;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;

/**
 * Finds the OpenTelemetry span that Micrometer's tracing handler created for a Spring
 * observation, so that we enrich it instead of creating a second span for the same exchange.
 */
public final class ObservedSpans {

	private ObservedSpans() {
	}

	/** The observation's span, or {@code null} when no tracing handler traced it. */
	public static Span of(Observation.Context context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		io.micrometer.tracing.Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span instanceof OtelSpan) ? OtelSpan.toOtel(span) : null;
	}

}
