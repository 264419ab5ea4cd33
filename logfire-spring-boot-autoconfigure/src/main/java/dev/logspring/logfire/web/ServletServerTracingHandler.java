package dev.logspring.logfire.web;

import java.util.List;

import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.ObservedSpans;
import dev.logspring.logfire.tracing.TelemetryErrors;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.http.HttpServletRequest;

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
final class ServletServerTracingHandler extends PropagatingReceiverTracingObservationHandler<ServerRequestObservationContext> {

	private final ServerSpans spans;

	ServletServerTracingHandler(Tracer tracer, Propagator propagator, ServerSpans spans) {
		super(tracer, new ExtractUnlessDecided(tracer, propagator));
		this.spans = spans;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public Span.Builder customizeExtractedSpan(ServerRequestObservationContext context, Span.Builder builder) {
		HttpServletRequest request = context.getCarrier();
		if (request == null) {
			return builder;
		}
		try {
			return ObservedSpans.withAttributes(builder.name(this.spans.startName(request.getMethod())),
					this.spans.startAttributes(ServletRequests.view(request)));
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server observation", ex);
			return builder;
		}
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		super.onStart(context);
		HttpServletRequest request = context.getCarrier();
		if (request != null) {
			// Our span filter sees it and steps aside: one span per request.
			request.setAttribute(ServletRequests.EXCHANGE_ATTRIBUTE,
					ServerExchange.observed(ObservedSpans.toOtel(getRequiredSpan(context))));
		}
	}

	/** The exception is recorded when the observation stops, in Logfire's shape. */
	@Override
	public void onError(ServerRequestObservationContext context) {
	}

	@Override
	public void endSpan(ServerRequestObservationContext context, Span span) {
		ObservedSpans.end(getTracingContext(context), span);
	}

	@Override
	public void tagSpan(ServerRequestObservationContext context, Span span) {
		ObservedSpans.tagWithoutSpringHttpKeys(context, span);
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

	/**
	 * Our trace context filter runs first and makes the request's trace context current (or
	 * deliberately leaves the caller's out): a span started under the current context is then
	 * what extraction would give, without reading the propagation headers a second time.
	 */
	private record ExtractUnlessDecided(Tracer tracer, Propagator delegate) implements Propagator {

		@Override
		public List<String> fields() {
			return this.delegate.fields();
		}

		@Override
		public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
			this.delegate.inject(context, carrier, setter);
		}

		@Override
		public <C> Span.Builder extract(C carrier, Getter<C> getter) {
			if (carrier instanceof HttpServletRequest request
					&& request.getAttribute(ServletRequests.TRACE_CONTEXT_ATTRIBUTE) != null) {
				return this.tracer.spanBuilder();
			}
			return this.delegate.extract(carrier, getter);
		}

	}

}
