package dev.logspring.logfire.web;

import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.ObservedSpans;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Traces Spring's {@code http.server.requests} observation the Logfire way, in place of
 * Micrometer's generic receiver handler (it is ordered first among the tracing handlers, which
 * Boot groups so that only the first one supporting an observation traces it). One span per
 * request, created by the observation Boot already runs: named and shaped when it starts (so the
 * console prints {@code GET /users/alice@example.com} at once), completed with route, status,
 * level and exception when it stops. The observation's name and key values, and so the
 * {@code http.server.requests} metric, are untouched.
 */
final class ServletServerTracingHandler extends ObservedServerTracingHandler<ServerRequestObservationContext> {

	private final ServerSpans spans;

	private final io.opentelemetry.api.trace.Tracer otelTracer;

	ServletServerTracingHandler(Tracer tracer, Propagator propagator, ServerSpans spans,
			io.opentelemetry.api.trace.Tracer otelTracer) {
		super(tracer, propagator);
		this.spans = spans;
		this.otelTracer = otelTracer;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	/**
	 * Our trace context filter, first in the chain, has made the request's trace context current
	 * (the caller's, a new trace, or the unsampled one of an excluded URL): the span starts under
	 * it, straight through OpenTelemetry, without reading the headers again or building its
	 * attributes twice through Micrometer's span builder. Should that fail, Micrometer starts a
	 * plain span, so that the observation still has one.
	 */
	@Override
	public void onStart(ServerRequestObservationContext context) {
		HttpServletRequest request = context.getCarrier();
		io.opentelemetry.api.trace.Span span = (request != null) ? startUnderCurrent(request) : null;
		if (span == null) {
			super.onStart(context);
			return;
		}
		getTracingContext(context).setSpan(OtelSpan.fromOtel(span));
		// Our span filter sees it and steps aside: one span per request.
		request.setAttribute(ServletRequests.EXCHANGE_ATTRIBUTE, ServerExchange.observed(span));
	}

	private io.opentelemetry.api.trace.@Nullable Span startUnderCurrent(HttpServletRequest request) {
		try {
			return this.otelTracer.spanBuilder(this.spans.startName(request.getMethod()))
				.setSpanKind(SpanKind.SERVER)
				.setAllAttributes(this.spans.startAttributes(ServletRequests.view(request)))
				.startSpan();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server observation", ex);
			return null;
		}
	}

	@Override
	public void customizeReceiverSpan(ServerRequestObservationContext context, Span span) {
		HttpServletRequest request = context.getCarrier();
		if (request == null) {
			return;
		}
		try {
			String route = context.getPathPattern();
			// Micrometer names the span after the contextual name once this returns.
			context.setContextualName(HttpSpans.spanName(request.getMethod(), route));
			Throwable exception = (context.getError() != null) ? context.getError()
					: ServletRequests.handledException(request);
			int status = (context.getResponse() != null) ? context.getResponse().getStatus() : 0;
			ServletRequests.end(this.spans, ObservedSpans.toOtel(span), request, context.getResponse(), route, status,
					exception);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server observation", ex);
		}
	}

}
