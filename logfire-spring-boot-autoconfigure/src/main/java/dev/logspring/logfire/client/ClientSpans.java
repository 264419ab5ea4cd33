package dev.logspring.logfire.client;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.http.HeaderCapture;
import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.SensitiveData;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.function.SingletonSupplier;

/**
 * Reads an outgoing call into a Logfire CLIENT span: message {@code GET host/path}, name
 * {@code GET} (or {@code GET /users/{email}} when the URI template is known), and the HTTP
 * semantic-convention attributes, with {@code url.full} free of user info and secret query
 * values. Shared by our interceptor and the enrichment of Spring's client observation spans.
 */
public final class ClientSpans {

	/**
	 * Request attribute marking a call that already has its span (from an observation, or from
	 * another instrumentation such as the LLM one): the generic client span is then not created.
	 */
	public static final String OBSERVED_ATTRIBUTE = ClientSpans.class.getName() + ".observed";

	/**
	 * Request attribute set when the request is created, before Spring's client observation
	 * starts, on a client that our interceptor will trace: the observation then keeps its metrics
	 * and leaves the span to the interceptor.
	 */
	static final String INTERCEPTED_ATTRIBUTE = ClientSpans.class.getName() + ".intercepted";

	private static final TextMapSetter<HttpHeaders> SETTER = (headers, key, value) -> {
		if (headers != null) {
			headers.set(key, value);
		}
	};

	private final HeaderCapture requestHeaders;

	private final HeaderCapture responseHeaders;

	private final Supplier<Tracer> tracer;

	private final Supplier<TextMapPropagator> propagator;

	/** The SDK is resolved on first use: clients are instrumented while the context starts. */
	ClientSpans(List<String> captureRequestHeaders, List<String> captureResponseHeaders,
			Supplier<OpenTelemetry> openTelemetry) {
		this.requestHeaders = HeaderCapture.of(captureRequestHeaders);
		this.responseHeaders = HeaderCapture.of(captureResponseHeaders);
		this.tracer = SingletonSupplier.of(() -> openTelemetry.get().getTracer(Logfire.INSTRUMENTATION_NAME));
		this.propagator = SingletonSupplier.of(() -> openTelemetry.get().getPropagators().getTextMapPropagator());
	}

	/** Starts our own CLIENT span for a call no observation traces; {@code null} if that fails. */
	@Nullable Span start(ClientCall call) {
		return start(this.tracer.get(), call, name(call), Context.current());
	}

	/**
	 * Starts the CLIENT span of {@code call} under {@code parent} with {@code tracer} (an
	 * observation's spans keep the scope of the tracer Micrometer uses); {@code null} if that fails.
	 */
	@Nullable Span start(Tracer tracer, ClientCall call, String name, Context parent) {
		try {
			return tracer.spanBuilder(name)
				.setSpanKind(SpanKind.CLIENT)
				.setParent(parent)
				.setAllAttributes(startAttributes(call))
				.startSpan();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client span", ex);
			return null;
		}
	}

	/** Writes the trace context and baggage of {@code context} into the request headers. */
	void inject(Context context, HttpHeaders headers) {
		try {
			this.propagator.get().inject(context, headers, SETTER);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client trace context", ex);
		}
	}

	/** Completes and ends our own span. */
	void endOwn(Span span, int status, @Nullable HttpHeaders headers, @Nullable Throwable failure) {
		try {
			end(span, status, headers, failure, false);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client span", ex);
		}
		finally {
			span.end();
		}
	}

	String name(ClientCall call) {
		return HttpSpans.spanName(call.method(), HttpSpans.templatePath(call.uriTemplate()));
	}

	Attributes startAttributes(ClientCall call) {
		String method = call.method();
		URI uri = call.uri();
		HttpHeaders headers = call.headers();
		AttributesBuilder attributes = Attributes.builder();
		HttpSpans.putLogfireMessage(attributes,
				method + " " + SensitiveData.hostAndPort(uri) + ((uri.getRawPath() != null) ? uri.getRawPath() : ""));
		HttpSpans.putMethod(attributes, method);
		attributes.put(UrlAttributes.URL_FULL, SensitiveData.fullUrl(uri));
		if (uri.getHost() != null) {
			attributes.put(ServerAttributes.SERVER_ADDRESS, uri.getHost());
			attributes.put(ServerAttributes.SERVER_PORT, (long) HttpSpans.port(uri));
		}
		String templatePath = HttpSpans.templatePath(call.uriTemplate());
		if (templatePath != null) {
			attributes.put(HttpSpans.URL_TEMPLATE, templatePath);
		}
		if (headers != null) {
			this.requestHeaders.capture(attributes, HttpAttributes.HTTP_REQUEST_HEADER, headers.headerNames(),
					headers::get);
		}
		return attributes.build();
	}

	/**
	 * Completes the span: status code, level and status (an error from 400 on, or when the call
	 * failed), the exception unless already recorded, response headers.
	 * @param status the response status, 0 when no response came
	 */
	void end(Span span, int status, @Nullable HttpHeaders responseHeaders, @Nullable Throwable exception,
			boolean exceptionRecorded) {
		if (!span.isRecording()) {
			return;
		}
		HttpSpans.recordOutcome(span, false, status, exception, exceptionRecorded);
		if (responseHeaders != null && this.responseHeaders.isEnabled()) {
			AttributesBuilder headers = Attributes.builder();
			this.responseHeaders.capture(headers, HttpAttributes.HTTP_RESPONSE_HEADER, responseHeaders.headerNames(),
					responseHeaders::get);
			span.setAllAttributes(headers.build());
		}
	}

}
