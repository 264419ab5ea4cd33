package dev.logspring.logfire.client;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.tracing.TelemetryErrors;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Gives each WebClient call its CLIENT span and propagates the trace context and baggage,
 * unless Spring's client observation already traces the call (its span then comes from
 * {@link WebClientTracingHandler}). The parent is the OpenTelemetry context current where the
 * call is subscribed to (the calling thread for {@code block()}). The span ends when the
 * response headers arrive, when the call fails, or when it is cancelled.
 */
public final class LogfireExchangeFilterFunction implements ExchangeFilterFunction {

	/** Request attribute where WebClient keeps the URI template of the call. */
	static final String URI_TEMPLATE_ATTRIBUTE = "org.springframework.web.reactive.function.client.WebClient.uriTemplate";

	private static final TextMapSetter<HttpHeaders> SETTER = (headers, key, value) -> {
		if (headers != null) {
			headers.set(key, value);
		}
	};

	private final ClientSpans spans;

	private final Supplier<Tracer> tracer;

	private final Supplier<TextMapPropagator> propagator;

	LogfireExchangeFilterFunction(ClientSpans spans, Supplier<OpenTelemetry> openTelemetry) {
		this.spans = spans;
		this.tracer = SingletonSupplier.of(() -> openTelemetry.get().getTracer(Logfire.INSTRUMENTATION_NAME));
		this.propagator = SingletonSupplier.of(() -> openTelemetry.get().getPropagators().getTextMapPropagator());
	}

	static ClientCall callOf(ClientRequest request) {
		Object template = request.attribute(URI_TEMPLATE_ATTRIBUTE).orElse(null);
		return new ClientCall(request.method().name(), request.url(), request.headers(),
				(template instanceof String string) ? string : null);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (request.attribute(ClientSpans.OBSERVED_ATTRIBUTE).isPresent()) {
			return next.exchange(request);
		}
		return Mono.defer(() -> {
			Span span = start(request);
			if (span == null) {
				return next.exchange(request);
			}
			AtomicBoolean ended = new AtomicBoolean();
			return next.exchange(inject(request, Context.current().with(span)))
				.doOnNext((response) -> end(span, ended, response.statusCode().value(),
						response.headers().asHttpHeaders(), null))
				.doOnError((failure) -> end(span, ended, 0, null, failure))
				.doFinally((signal) -> end(span, ended, 0, null, null));
		});
	}

	private Span start(ClientRequest request) {
		try {
			ClientCall call = callOf(request);
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

	private ClientRequest inject(ClientRequest request, Context context) {
		try {
			return ClientRequest.from(request)
				.headers((headers) -> this.propagator.get().inject(context, headers, SETTER))
				.build();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client trace context", ex);
			return request;
		}
	}

	/** Ends the span once: at the response, the failure, or the cancellation (whichever is first). */
	private void end(Span span, AtomicBoolean ended, int status, HttpHeaders headers, Throwable failure) {
		if (!ended.compareAndSet(false, true)) {
			return;
		}
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
