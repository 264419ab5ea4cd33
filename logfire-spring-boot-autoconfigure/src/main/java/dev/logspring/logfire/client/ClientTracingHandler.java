package dev.logspring.logfire.client;

import java.io.IOException;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * {@link HttpClientTracingHandler} of RestClient and RestTemplate observations; the marks are
 * request attributes that {@link LogfireClientHttpRequestInterceptor} reads and writes.
 */
final class ClientTracingHandler extends HttpClientTracingHandler<ClientRequestObservationContext> {

	ClientTracingHandler(Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer, Propagator propagator,
			ClientSpans spans) {
		super(ClientRequestObservationContext.class, tracer, otelTracer, propagator, spans);
	}

	@Override
	@Nullable ClientCall call(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		if (request == null) {
			return null;
		}
		return new ClientCall(request.getMethod().name(), request.getURI(), request.getHeaders(),
				context.getUriTemplate());
	}

	@Override
	void markObserved(ClientRequestObservationContext context) {
		context.getCarrier().getAttributes().put(ClientSpans.OBSERVED_ATTRIBUTE, Boolean.TRUE);
	}

	@Override
	boolean tracedByInterceptor(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		return request != null && request.getAttributes().containsKey(ClientSpans.INTERCEPTED_ATTRIBUTE);
	}

	@Override
	int status(ClientRequestObservationContext context) {
		ClientHttpResponse response = context.getResponse();
		try {
			return (response != null) ? response.getStatusCode().value() : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	@Override
	@Nullable HttpHeaders responseHeaders(ClientRequestObservationContext context) {
		return (context.getResponse() != null) ? context.getResponse().getHeaders() : null;
	}

}
