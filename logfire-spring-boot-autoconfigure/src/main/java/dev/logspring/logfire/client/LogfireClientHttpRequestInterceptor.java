package dev.logspring.logfire.client;

import java.io.IOException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInitializer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Gives each call of a {@code RestClient} or {@code RestTemplate} its CLIENT span and
 * propagates the trace context and baggage in its headers. The span ends when the response
 * headers arrive; connection failures and timeouts end it as errors. As the client's request
 * initializer, it marks each request before Spring's client observation starts, so that the
 * observation records its metrics without a span of its own ({@link ClientTracingHandler}):
 * starting the span here, on the OpenTelemetry API, costs a fraction of tracing the observation.
 */
public final class LogfireClientHttpRequestInterceptor implements ClientHttpRequestInterceptor,
		ClientHttpRequestInitializer {

	private final ClientSpans spans;

	LogfireClientHttpRequestInterceptor(ClientSpans spans) {
		this.spans = spans;
	}

	@Override
	public void initialize(ClientHttpRequest request) {
		request.getAttributes().put(ClientSpans.INTERCEPTED_ATTRIBUTE, Boolean.TRUE);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (request.getAttributes().containsKey(ClientSpans.OBSERVED_ATTRIBUTE)) {
			return execution.execute(request, body);
		}
		Span span = this.spans.start(ClientCall.of(request));
		if (span == null) {
			return execution.execute(request, body);
		}
		ClientHttpResponse response;
		int status;
		try (Scope scope = span.makeCurrent()) {
			this.spans.inject(Context.current(), request.getHeaders());
			response = execution.execute(request, body);
			status = response.getStatusCode().value();
		}
		catch (IOException | RuntimeException | Error ex) {
			this.spans.endOwn(span, 0, null, ex);
			throw ex;
		}
		this.spans.endOwn(span, status, response.getHeaders(), null);
		return response;
	}

}
