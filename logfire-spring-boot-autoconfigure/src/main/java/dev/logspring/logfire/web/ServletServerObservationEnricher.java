package dev.logspring.logfire.web;

import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.ObservedSpans;
import dev.logspring.logfire.tracing.TelemetryErrors;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.api.trace.Span;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Gives the span of Spring's {@code http.server.requests} observation Logfire's shape instead of
 * starting a second span: attributes and message when it starts, route, status, level and
 * handled exceptions when it stops, and the name {@code GET /users/{email}} through the
 * observation's contextual name (what Micrometer names the span after). The observation's name
 * and key values, and so the {@code http.server.requests} metric, are left untouched.
 * <p>
 * Registered after Micrometer's tracing handler, it runs just after the span starts and just
 * before it ends.
 */
final class ServletServerObservationEnricher implements ObservationHandler<ServerRequestObservationContext> {

	private final ServletServerSpans spans;

	ServletServerObservationEnricher(ServletServerSpans spans) {
		this.spans = spans;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		try {
			HttpServletRequest request = context.getCarrier();
			Span span = ObservedSpans.of(context);
			if (span == null || request == null || request.getAttribute(ServletServerSpans.EXCLUDED_ATTRIBUTE) != null) {
				return;
			}
			request.setAttribute(ServletServerSpans.EXCHANGE_ATTRIBUTE, ServerExchange.observed(span));
			if (span.isRecording()) {
				span.updateName(this.spans.startName(request));
				span.setAllAttributes(this.spans.startAttributes(request));
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server observation", ex);
		}
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		try {
			HttpServletRequest request = context.getCarrier();
			if (request == null || !(request.getAttribute(
					ServletServerSpans.EXCHANGE_ATTRIBUTE) instanceof ServerExchange exchange && exchange.observed())) {
				return;
			}
			String route = context.getPathPattern();
			context.setContextualName(HttpSpans.spanName(request.getMethod(), route));
			// Micrometer's handler records the exceptions Spring reports to the observation; handled
			// ones (@ExceptionHandler, ResponseStatusException...) are only in the request.
			Throwable reported = context.getError();
			Throwable exception = (reported != null) ? reported : ServletServerSpans.handledException(request);
			int status = (context.getResponse() != null) ? context.getResponse().getStatus() : 0;
			this.spans.end(exchange.span(), request, context.getResponse(), route, status, exception, reported != null);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP server observation", ex);
		}
	}

}
