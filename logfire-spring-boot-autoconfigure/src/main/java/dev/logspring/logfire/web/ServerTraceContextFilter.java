package dev.logspring.logfire.web;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of the chain: decides which trace a request belongs to, before Spring's
 * observation filter or our span filter starts its span.
 * <ul>
 * <li>Excluded URLs run in an unsampled context with the propagation headers hidden, so that
 * neither their span nor the spans of the work they do are recorded.</li>
 * <li>Otherwise the W3C trace context and baggage are extracted and made current (a malformed
 * {@code traceparent} is ignored: the request starts a new trace); the baggage thus reaches
 * the request's span and every span below it.</li>
 * <li>With extraction turned off, the propagation headers are hidden: callers from the
 * internet cannot choose the trace or inject baggage.</li>
 * </ul>
 */
final class ServerTraceContextFilter extends OncePerRequestFilter {

	private static final TextMapGetter<HttpServletRequest> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(HttpServletRequest request) {
			return Collections.list(request.getHeaderNames());
		}

		@Override
		public @Nullable String get(@Nullable HttpServletRequest request, String key) {
			return (request != null) ? request.getHeader(key) : null;
		}

	};

	private final ServerSpans spans;

	private final TextMapPropagator propagator;

	private final boolean extract;

	private final Set<String> propagationHeaders;

	ServerTraceContextFilter(ServerSpans spans, TextMapPropagator propagator, boolean extract) {
		this.spans = spans;
		this.propagator = propagator;
		this.extract = extract;
		this.propagationHeaders = propagator.fields()
			.stream()
			.map((field) -> field.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Context context;
		HttpServletRequest forwarded = request;
		try {
			if (this.spans.isExcluded(request.getRequestURL().toString())) {
				request.setAttribute(ServletRequests.EXCLUDED_ATTRIBUTE, Boolean.TRUE);
				context = Context.current().with(ServerSpans.unsampledParent());
				forwarded = new PropagationHeadersHidden(request, this.propagationHeaders);
			}
			else if (this.extract) {
				context = this.propagator.extract(Context.current(), request, GETTER);
			}
			else {
				context = Context.current();
				forwarded = new PropagationHeadersHidden(request, this.propagationHeaders);
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server trace context", ex);
			chain.doFilter(request, response);
			return;
		}
		// Making an equal context current again would only cost time.
		try (Scope scope = addsNothing(context, Context.current()) ? Scope.noop() : context.makeCurrent()) {
			chain.doFilter(forwarded, response);
		}
	}

	/**
	 * Whether the extracted context holds the same span and baggage as the current one (the
	 * usual case of a request without propagation headers; a baggage propagator returns a new
	 * context even when it found nothing).
	 */
	private static boolean addsNothing(Context extracted, Context current) {
		return extracted == current || (Span.fromContext(extracted) == Span.fromContext(current)
				&& Baggage.fromContext(extracted).equals(Baggage.fromContext(current)));
	}

	/** The request with the trace context and baggage headers removed. */
	private static final class PropagationHeadersHidden extends HttpServletRequestWrapper {

		private final Set<String> hidden;

		PropagationHeadersHidden(HttpServletRequest request, Set<String> hidden) {
			super(request);
			this.hidden = hidden;
		}

		private boolean isHidden(String name) {
			return name != null && this.hidden.contains(name.toLowerCase(Locale.ROOT));
		}

		@Override
		public @Nullable String getHeader(String name) {
			return isHidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			Collection<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(this::isHidden);
			return Collections.enumeration(names);
		}

	}

}
