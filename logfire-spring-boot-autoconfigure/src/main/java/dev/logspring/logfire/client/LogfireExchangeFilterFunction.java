package dev.logspring.logfire.client;

import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
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

	private final ClientSpans spans;

	LogfireExchangeFilterFunction(ClientSpans spans) {
		this.spans = spans;
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
			Span span = this.spans.start(callOf(request));
			if (span == null) {
				return next.exchange(request);
			}
			Context context = Context.current().with(span);
			ClientRequest traced = ClientRequest.from(request)
				.headers((headers) -> this.spans.inject(context, headers))
				.build();
			AtomicBoolean ended = new AtomicBoolean();
			return next.exchange(traced)
				.doOnNext((response) -> end(span, ended, response.statusCode().value(),
						response.headers().asHttpHeaders(), null))
				.doOnError((failure) -> end(span, ended, 0, null, failure))
				.doFinally((signal) -> end(span, ended, 0, null, null));
		});
	}

	/** Ends the span once: at the response, the failure, or the cancellation (whichever is first). */
	private void end(Span span, AtomicBoolean ended, int status, @Nullable HttpHeaders headers,
			@Nullable Throwable failure) {
		if (ended.compareAndSet(false, true)) {
			this.spans.endOwn(span, status, headers, failure);
		}
	}

}
