package dev.logspring.logfire.client;

import java.io.IOException;
import java.util.function.Supplier;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.tracing.TelemetryErrors;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.function.SingletonSupplier;

/**
 * Gives each call of a {@code RestClient} or {@code RestTemplate} its CLIENT span and
 * propagates the trace context and baggage in its headers, unless Spring's client observation
 * already traces the call (its span then comes from {@link ClientTracingHandler}).
 * The span ends when the response headers arrive; connection failures and timeouts end it as
 * errors.
 */
public final class LogfireClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private static final TextMapSetter<HttpHeaders> SETTER = (headers, key, value) -> {
		if (headers != null) {
			headers.set(key, value);
		}
	};

	private final ClientSpans spans;

	private final Supplier<Tracer> tracer;

	private final Supplier<TextMapPropagator> propagator;

	LogfireClientHttpRequestInterceptor(ClientSpans spans, Supplier<OpenTelemetry> openTelemetry) {
		this.spans = spans;
		this.tracer = SingletonSupplier.of(() -> openTelemetry.get().getTracer(Logfire.INSTRUMENTATION_NAME));
		this.propagator = SingletonSupplier.of(() -> openTelemetry.get().getPropagators().getTextMapPropagator());
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (request.getAttributes().containsKey(ClientSpans.OBSERVED_ATTRIBUTE)) {
			return execution.execute(request, body);
		}
		Span span = start(request);
		if (span == null) {
			return execution.execute(request, body);
		}
		ClientHttpResponse response;
		int status;
		try (Scope scope = span.makeCurrent()) {
			inject(request);
			response = execution.execute(request, body);
			status = response.getStatusCode().value();
		}
		catch (IOException | RuntimeException | Error ex) {
			end(span, 0, null, ex);
			throw ex;
		}
		end(span, status, response.getHeaders(), null);
		return response;
	}

	private Span start(HttpRequest request) {
		try {
			ClientCall call = ClientCall.of(request);
			return this.tracer.get()
				.spanBuilder(this.spans.name(call))
				.setSpanKind(SpanKind.CLIENT)
				.setParent(Context.current())
				.setAllAttributes(this.spans.startAttributes(call))
				.startSpan();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client span", ex);
			return null;
		}
	}

	private void inject(HttpRequest request) {
		try {
			this.propagator.get().inject(Context.current(), request.getHeaders(), SETTER);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client trace context", ex);
		}
	}

	private void end(Span span, int status, HttpHeaders headers, Throwable failure) {
		try {
			this.spans.end(span, status, headers, failure, false);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client span", ex);
		}
		finally {
			span.end();
		}
	}

}
