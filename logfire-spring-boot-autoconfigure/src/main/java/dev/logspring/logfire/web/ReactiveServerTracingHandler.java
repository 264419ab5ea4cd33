package dev.logspring.logfire.web;

import java.net.InetSocketAddress;
import java.net.URI;

import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.ObservedSpans;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Traces Spring WebFlux's {@code http.server.requests} observation the Logfire way, in place of
 * Micrometer's generic receiver handler (ordered first among the tracing handlers). WebFlux
 * observes every request once an {@code ObservationRegistry} exists, as with this starter, so
 * this handler is the WebFlux side of the server instrumentation: the trace context and baggage
 * are extracted here (or ignored when extraction is off), excluded URLs get an unsampled span,
 * and the span is shaped as for Spring MVC. Exceptions that WebFlux reports to the observation
 * (handled by a {@code WebExceptionHandler}, or escaping) are recorded.
 */
final class ReactiveServerTracingHandler
		extends ObservedServerTracingHandler<ServerRequestObservationContext> {

	private static final TextMapGetter<HttpHeaders> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(HttpHeaders headers) {
			return headers.headerNames();
		}

		@Override
		public @Nullable String get(@Nullable HttpHeaders headers, String key) {
			return (headers != null) ? headers.getFirst(key) : null;
		}

	};

	private final ServerSpans spans;

	private final TextMapPropagator propagator;

	private final boolean extract;

	ReactiveServerTracingHandler(Tracer tracer, Propagator propagator, ServerSpans spans,
			TextMapPropagator textMapPropagator, boolean extract) {
		super(tracer, propagator);
		this.spans = spans;
		this.propagator = textMapPropagator;
		this.extract = extract;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		ServerHttpRequest request = context.getCarrier();
		if (request == null) {
			super.onStart(context);
			return;
		}
		Context parent;
		try {
			if (this.spans.isExcluded(urlWithoutQuery(request.getURI()))) {
				getTracingContext(context).setSpan(OtelSpan.fromOtel(ServerSpans.unsampledParent()));
				return;
			}
			// Extracted here, trace context and baggage both, so that the baggage reaches the span.
			parent = this.extract ? this.propagator.extract(Context.root(), request.getHeaders(), GETTER)
					: Context.root();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server trace context", ex);
			parent = Context.root();
		}
		try (Scope scope = parent.makeCurrent()) {
			Span.Builder builder = getTracer().spanBuilder().kind(Span.Kind.SERVER);
			getTracingContext(context).setSpan(customizeExtractedSpan(context, builder).start());
		}
	}

	@Override
	public Span.Builder customizeExtractedSpan(ServerRequestObservationContext context, Span.Builder builder) {
		ServerHttpRequest request = context.getCarrier();
		try {
			return ObservedSpans.withAttributes(builder.name(this.spans.startName(request.getMethod().name())),
					this.spans.startAttributes(view(request)));
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server observation", ex);
			return builder;
		}
	}

	@Override
	public void customizeReceiverSpan(ServerRequestObservationContext context, Span span) {
		ServerHttpRequest request = context.getCarrier();
		if (request == null) {
			return;
		}
		try {
			String method = request.getMethod().name();
			String route = context.getPathPattern();
			context.setContextualName(HttpSpans.spanName(method, route));
			ServerHttpResponse response = context.getResponse();
			int status = status(response, context.getError());
			HttpHeaders headers = (response != null) ? response.getHeaders() : null;
			this.spans.end(ObservedSpans.toOtel(span), method, route, status, context.getError(), false,
					(headers != null) ? headers.headerNames() : null, (name) -> headers.get(name));
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server observation", ex);
		}
	}

	private static int status(@Nullable ServerHttpResponse response, @Nullable Throwable error) {
		if (response != null && response.getStatusCode() != null) {
			return response.getStatusCode().value();
		}
		return (error != null) ? 500 : 200;
	}

	static ServerRequestView view(ServerHttpRequest request) {
		URI uri = request.getURI();
		InetSocketAddress remote = request.getRemoteAddress();
		String client = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : null;
		HttpHeaders headers = request.getHeaders();
		return new ServerRequestView(request.getMethod().name(), uri.getScheme(), uri.getRawPath(), uri.getRawQuery(),
				uri.getHost(), HttpSpans.port(uri), client, null, headers.headerNames(), headers::get);
	}

	private static String urlWithoutQuery(URI uri) {
		return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
	}

}
