package dev.logspring.logfire.client;

import dev.logspring.logfire.http.ObservedSpans;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Traces Spring's {@code http.client.requests} observations the Logfire way, in place of
 * Micrometer's generic sender handler (ordered first among the tracing handlers, which Boot
 * groups so that only the first one supporting an observation traces it): the CLIENT span is
 * named and shaped when it starts, the trace context and baggage are injected by Micrometer as
 * usual, and status, level and failure are added when it stops. The call is marked so that our
 * interceptor or filter steps aside. The metric's name and key values stay as they are. A call
 * that our interceptor will trace (a client it instruments) is left to it: the observation then
 * records its metrics and no span.
 * @param <C> the observation context of one client (RestClient and RestTemplate, or WebClient)
 */
abstract class HttpClientTracingHandler<C extends RequestReplySenderContext<?, ?>>
		extends PropagatingSenderTracingObservationHandler<C> {

	/** Where the observation keeps the name our span started with, for when it stops. */
	private static final String SPAN_NAME = HttpClientTracingHandler.class.getName() + ".spanName";

	private final Class<C> contextType;

	private final ClientSpans spans;

	/** The OpenTelemetry tracer behind Micrometer's: the observation's spans keep its scope. */
	private final io.opentelemetry.api.trace.Tracer otelTracer;

	HttpClientTracingHandler(Class<C> contextType, Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer,
			Propagator propagator, ClientSpans spans) {
		super(tracer, propagator);
		this.contextType = contextType;
		this.otelTracer = otelTracer;
		this.spans = spans;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.contextType.isInstance(context);
	}

	/** The call being observed, or {@code null} when the context does not tell. */
	abstract @Nullable ClientCall call(C context);

	/** Marks the call so that our interceptor or filter does not trace it again. */
	abstract void markObserved(C context);

	/** Whether our interceptor traces this call: it marked the request before the observation started. */
	abstract boolean tracedByInterceptor(C context);

	/** The response status, 0 when none came. */
	abstract int status(C context);

	abstract @Nullable HttpHeaders responseHeaders(C context);

	/**
	 * Decides once, when the observation starts, whether it gets a span: a call our interceptor
	 * traces gets none, only the tracing context (empty), which Micrometer's tracing-aware meter
	 * handler requires when the observation stops. The callbacks below then do nothing for it; in
	 * particular no scope is opened, which would make no span current for the interceptor's parent.
	 */
	@Override
	public void onStart(C context) {
		if (tracedByInterceptor(context)) {
			getTracingContext(context);
			return;
		}
		super.onStart(context);
	}

	private boolean hasSpan(C context) {
		return getTracingContext(context).getSpan() != null;
	}

	@Override
	public void onScopeOpened(C context) {
		if (hasSpan(context)) {
			super.onScopeOpened(context);
		}
	}

	@Override
	public void onScopeReset(C context) {
		if (hasSpan(context)) {
			super.onScopeReset(context);
		}
	}

	@Override
	public void onEvent(Observation.Event event, C context) {
		if (hasSpan(context)) {
			super.onEvent(event, context);
		}
	}

	@Override
	public void onStop(C context) {
		if (hasSpan(context)) {
			super.onStop(context);
		}
	}

	/**
	 * Starts the span on the OpenTelemetry API, as our interceptor does, and hands Micrometer
	 * its bridge view: attributes are set once, without a round trip through Micrometer's tags.
	 */
	@Override
	public Span createSenderSpan(C context) {
		Span parent = getParentSpan(context);
		try {
			ClientCall call = call(context);
			if (call != null) {
				markObserved(context);
				String name = this.spans.name(call);
				context.put(SPAN_NAME, name);
				Context parentContext = (parent != null) ? Context.current().with(ObservedSpans.toOtel(parent))
						: Context.current();
				io.opentelemetry.api.trace.Span span = this.spans.start(this.otelTracer, call, name, parentContext);
				if (span != null) {
					return OtelSpan.fromOtel(span);
				}
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client observation", ex);
		}
		Span.Builder builder = getTracer().spanBuilder().kind(Span.Kind.CLIENT);
		return ((parent != null) ? builder.setParent(parent.context()) : builder).start();
	}

	/** The failure is recorded when the observation stops, in Logfire's shape. */
	@Override
	public void onError(C context) {
	}

	@Override
	public void endSpan(C context, Span span) {
		ObservedSpans.end(getTracingContext(context), span);
	}

	@Override
	public void tagSpan(C context, Span span) {
		ObservedSpans.tagWithoutSpringHttpKeys(context, span);
	}

	@Override
	public void customizeSenderSpan(C context, Span span) {
		String name = context.get(SPAN_NAME);
		if (name == null) {
			return;
		}
		try {
			// Micrometer names the span after the contextual name once this returns; the
			// observation's convention set its own when the observation stopped.
			context.setContextualName(name);
			this.spans.end(ObservedSpans.toOtel(span), status(context), responseHeaders(context), context.getError(),
					false);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client observation", ex);
		}
	}

}
