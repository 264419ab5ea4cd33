package dev.logspring.logfire.web;

import dev.logspring.logfire.http.ObservedSpans;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * What our tracing handlers of Spring's server observations (Spring MVC and WebFlux) share:
 * the span ends without Micrometer's status OK, Spring's HTTP key values stay off it (Logfire's
 * attributes say the same), and the exception is recorded when the observation stops, in
 * Logfire's shape, not when it is signalled.
 * @param <T> the server observation's context
 */
abstract class ObservedServerTracingHandler<T extends ReceiverContext<?>>
		extends PropagatingReceiverTracingObservationHandler<T> {

	ObservedServerTracingHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
	}

	@Override
	public void onError(T context) {
	}

	@Override
	public void endSpan(T context, Span span) {
		ObservedSpans.end(getTracingContext(context), span);
	}

	@Override
	public void tagSpan(T context, Span span) {
		ObservedSpans.tagWithoutSpringHttpKeys(context, span);
	}

}
