package dev.logspring.logfire.llm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import dev.logspring.logfire.client.ClientSpans;
import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.SensitiveData;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Records calls to OpenAI-compatible APIs ({@code /v1/chat/completions}, {@code /v1/responses},
 * {@code /v1/embeddings}, Azure's {@code /openai/deployments/{name}/...}) made through a
 * {@code RestClient} as LLM spans, with the model, parameters, usage and cost read from the
 * request and response JSON. Other requests pass through untouched.
 * <p>
 * It is the first interceptor of the chain ({@link #ORDER}), so the LLM span is the parent of
 * whatever the interceptors after it record; Boot's own client observation is not created for
 * the calls it records (see {@link LlmHttpObservationPredicate}): the LLM span, which carries the
 * HTTP attributes too, stands for the call. A non-streamed response is read once here (the
 * caller reads the same bytes); a streamed one (server-sent events) is read as the caller reads
 * it, and a log carries the combined response when it completes.
 */
public final class LlmClientHttpRequestInterceptor implements ClientHttpRequestInterceptor, Ordered {

	/** Runs before every other interceptor, so the LLM span encloses the rest of the chain. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Request attribute set on requests built by a builder that has this interceptor: Boot's
	 * client observation is skipped only for those (the LLM span stands for them).
	 */
	public static final String INSTRUMENTED_ATTRIBUTE = LlmClientHttpRequestInterceptor.class.getName()
			+ ".instrumented";

	private final LlmTelemetry telemetry;

	private final TextMapPropagator propagator;

	private final int maxContentLength;

	public LlmClientHttpRequestInterceptor(LlmTelemetry telemetry, TextMapPropagator propagator,
			int maxContentLength) {
		this.telemetry = telemetry;
		this.propagator = propagator;
		this.maxContentLength = maxContentLength;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** The operation this request performs when it is a model call to record now, else null. */
	static @Nullable LlmOperation recordedOperation(HttpRequest request) {
		if (request.getMethod() != HttpMethod.POST) {
			return null;
		}
		LlmOperation operation = OpenAiWireFormat.operation(request.getURI().getPath());
		// Inside a recorded model call already (Spring AI calling through a RestClient): one span per call.
		if (operation == null || LlmTelemetry.inLlmCall()) {
			return null;
		}
		return operation;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		LlmCall call;
		Span span;
		try {
			LlmOperation operation = recordedOperation(request);
			if (operation == null) {
				return execution.execute(request, body);
			}
			call = requestCall(operation, request, body);
			// This span is the call's CLIENT span: the generic HTTP client instrumentation stands aside.
			request.getAttributes().put(ClientSpans.OBSERVED_ATTRIBUTE, Boolean.TRUE);
			span = this.telemetry.startSpan(call, Context.current());
			this.propagator.inject(Context.current().with(span), request.getHeaders(), HttpHeaders::set);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording an LLM call", ex);
			return execution.execute(request, body);
		}
		long start = System.nanoTime();
		ClientHttpResponse response;
		try (Scope scope = LlmTelemetry.markLlmCall(Context.current().with(span)).makeCurrent()) {
			response = execution.execute(request, body);
		}
		catch (IOException | RuntimeException | Error ex) {
			this.telemetry.endSpan(span, call, start, ex);
			throw ex;
		}
		return recordResponse(span, call, start, response);
	}

	private LlmCall requestCall(LlmOperation operation, HttpRequest request, byte[] body) {
		URI uri = request.getURI();
		LlmCall call = new LlmCall(operation, OpenAiWireFormat.provider(uri));
		call.requestModel = OpenAiWireFormat.azureDeployment(uri.getPath());
		call.transport.put(HttpAttributes.HTTP_REQUEST_METHOD, request.getMethod().name());
		call.transport.put(UrlAttributes.URL_FULL, SensitiveData.fullUrl(uri));
		if (uri.getHost() != null) {
			call.transport.put(ServerAttributes.SERVER_ADDRESS, uri.getHost());
		}
		call.transport.put(ServerAttributes.SERVER_PORT, (long) HttpSpans.port(uri));
		if (body.length > 0) {
			OpenAiWireFormat.readRequest(call, JsonMapper.shared().readTree(body), this.telemetry);
		}
		return call;
	}

	private ClientHttpResponse recordResponse(Span span, LlmCall call, long start, ClientHttpResponse response)
			throws IOException {
		HttpStatusCode status;
		try {
			status = response.getStatusCode();
			span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status.value());
		}
		catch (IOException | RuntimeException ex) {
			this.telemetry.endSpan(span, call, start, ex);
			throw ex;
		}
		if (status.isError()) {
			byte[] errorBody = readBody(span, call, start, response);
			try {
				OpenAiWireFormat.readError(call, status.value(), parse(errorBody), this.telemetry);
			}
			catch (RuntimeException ex) {
				call.errorType = String.valueOf(status.value());
			}
			this.telemetry.endSpan(span, call, start);
			return new RecordedResponse(response, new ByteArrayInputStream(errorBody));
		}
		if (isEventStream(response)) {
			OpenAiWireFormat.StreamAccumulator accumulator = new OpenAiWireFormat.StreamAccumulator(call,
					this.telemetry, this.maxContentLength + 1);
			// The span covers the request; the log written at the end of the stream carries the rest.
			call.metricsAtStreamEnd = true;
			this.telemetry.endSpan(span, call, start);
			InputStream tapped = new ServerSentEventsTap(response.getBody(), accumulator::chunk, () -> {
				accumulator.complete();
				this.telemetry.streamCompleted(span, call, start);
			});
			return new RecordedResponse(response, tapped);
		}
		byte[] bytes = readBody(span, call, start, response);
		try {
			OpenAiWireFormat.readResponse(call, parse(bytes), this.telemetry);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("reading an LLM response", ex);
		}
		this.telemetry.endSpan(span, call, start);
		return new RecordedResponse(response, new ByteArrayInputStream(bytes));
	}

	private byte[] readBody(Span span, LlmCall call, long start, ClientHttpResponse response) throws IOException {
		try (InputStream in = response.getBody()) {
			return in.readAllBytes();
		}
		catch (IOException | RuntimeException ex) {
			this.telemetry.endSpan(span, call, start, ex);
			throw ex;
		}
	}

	private static @Nullable JsonNode parse(byte[] bytes) {
		return (bytes.length > 0) ? JsonMapper.shared().readTree(bytes) : null;
	}

	private static boolean isEventStream(ClientHttpResponse response) {
		MediaType type = response.getHeaders().getContentType();
		return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
	}

	/** The response with the body the caller reads: the bytes read here, or the tapped stream. */
	private static final class RecordedResponse implements ClientHttpResponse {

		private final ClientHttpResponse delegate;

		private final InputStream body;

		RecordedResponse(ClientHttpResponse delegate, InputStream body) {
			this.delegate = delegate;
			this.body = body;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public InputStream getBody() {
			return this.body;
		}

		@Override
		public void close() {
			try {
				this.body.close();
			}
			catch (IOException ex) {
				// the delegate's close below releases the connection
			}
			this.delegate.close();
		}

	}

}
