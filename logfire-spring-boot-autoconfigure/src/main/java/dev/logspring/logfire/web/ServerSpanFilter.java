package dev.logspring.logfire.web;

import java.io.IOException;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a request its SERVER span when Spring's observation did not: it runs just inside
 * Spring's {@code ServerHttpObservationFilter}, so when that observation is traced its span is
 * already registered for the request (by {@link ServletServerTracingHandler}) and this
 * filter steps aside. Exactly one span per request either way.
 */
final class ServerSpanFilter extends OncePerRequestFilter {

	private final ServerSpans spans;

	private final Tracer tracer;

	ServerSpanFilter(ServerSpans spans, Tracer tracer) {
		this.spans = spans;
		this.tracer = tracer;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object existing = request.getAttribute(ServletRequests.EXCHANGE_ATTRIBUTE);
		if (request.getAttribute(ServletRequests.EXCLUDED_ATTRIBUTE) != null
				|| (existing instanceof ServerExchange exchange && exchange.observed())) {
			chain.doFilter(request, response);
			return;
		}
		if (existing instanceof ServerExchange exchange) {
			// An async dispatch of a request whose span we started: continue in its context;
			// the async listener ends the span.
			try (Scope scope = exchange.context().makeCurrent()) {
				chain.doFilter(request, response);
			}
			return;
		}
		ServerExchange exchange = start(request);
		if (exchange == null) {
			chain.doFilter(request, response);
			return;
		}
		Throwable escaped = null;
		try (Scope scope = exchange.context().makeCurrent()) {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			escaped = (ex instanceof ServletException && ex.getCause() != null) ? ex.getCause() : ex;
			throw ex;
		}
		finally {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new EndOnCompletion(exchange.span(), request, response));
			}
			else {
				end(exchange.span(), request, response, escaped);
			}
		}
	}

	private @Nullable ServerExchange start(HttpServletRequest request) {
		try {
			Span span = this.tracer.spanBuilder(this.spans.startName(request.getMethod()))
				.setSpanKind(SpanKind.SERVER)
				.setParent(Context.current())
				.setAllAttributes(this.spans.startAttributes(ServletRequests.view(request)))
				.startSpan();
			ServerExchange exchange = ServerExchange.own(span, Context.current().with(span));
			request.setAttribute(ServletRequests.EXCHANGE_ATTRIBUTE, exchange);
			return exchange;
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server span", ex);
			return null;
		}
	}

	private void end(Span span, HttpServletRequest request, HttpServletResponse response, @Nullable Throwable escaped) {
		try {
			// An exception escaping the chain becomes a 500 once the container handles it.
			int status = (escaped != null && response.getStatus() < 500) ? 500 : response.getStatus();
			Throwable exception = (escaped != null) ? escaped : ServletRequests.handledException(request);
			ServletRequests.end(this.spans, span, request, response, ServletRequests.route(request), status, exception);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server span", ex);
		}
		finally {
			span.end();
		}
	}

	/** Ends the span of an async request when it completes, fails or times out. */
	private final class EndOnCompletion implements AsyncListener {

		private final Span span;

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private volatile @Nullable Throwable failure;

		EndOnCompletion(Span span, HttpServletRequest request, HttpServletResponse response) {
			this.span = span;
			this.request = request;
			this.response = response;
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

		@Override
		public void onComplete(AsyncEvent event) {
			end(this.span, this.request, this.response, this.failure);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.failure = event.getThrowable();
		}

		@Override
		public void onError(AsyncEvent event) {
			this.failure = event.getThrowable();
		}

	}

}
