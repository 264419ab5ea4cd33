package dev.logspring.logfire.client;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * {@link HttpClientTracingHandler} of WebClient observations; the mark is a request attribute
 * that {@link LogfireExchangeFilterFunction} reads.
 */
final class WebClientTracingHandler extends HttpClientTracingHandler<ClientRequestObservationContext> {

	WebClientTracingHandler(Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer, Propagator propagator,
			ClientSpans spans) {
		super(ClientRequestObservationContext.class, tracer, otelTracer, propagator, spans);
	}

	@Override
	@Nullable ClientCall call(ClientRequestObservationContext context) {
		ClientRequest request = context.getRequest();
		if (request == null) {
			return null;
		}
		ClientCall call = LogfireExchangeFilterFunction.callOf(request);
		return (context.getUriTemplate() != null)
				? new ClientCall(call.method(), call.uri(), call.headers(), context.getUriTemplate()) : call;
	}

	@Override
	void markObserved(ClientRequestObservationContext context) {
		// The request the filters receive is built from this builder after the observation starts.
		if (context.getCarrier() != null) {
			context.getCarrier().attribute(ClientSpans.OBSERVED_ATTRIBUTE, Boolean.TRUE);
		}
	}

	/** A filter function runs after the observation started: the observation keeps the span. */
	@Override
	boolean tracedByInterceptor(ClientRequestObservationContext context) {
		return false;
	}

	@Override
	int status(ClientRequestObservationContext context) {
		ClientResponse response = context.getResponse();
		return (response != null) ? response.statusCode().value() : 0;
	}

	@Override
	@Nullable HttpHeaders responseHeaders(ClientRequestObservationContext context) {
		ClientResponse response = context.getResponse();
		return (response != null) ? response.headers().asHttpHeaders() : null;
	}

}
