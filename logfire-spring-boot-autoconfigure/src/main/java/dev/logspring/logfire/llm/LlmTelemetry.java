package dev.logspring.logfire.llm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.semconv.ErrorAttributes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Records model calls in Logfire's LLM shape, whatever produced them (Spring AI's observations
 * or OpenAI-compatible HTTP calls): the span's message, tag and {@code gen_ai.*} attributes,
 * the messages (OpenTelemetry's GenAI attributes, or Logfire's older {@code request_data} and
 * {@code response_data}, or both, as configured), the cost, the log that closes a streamed
 * response, and the token, duration and cost metrics.
 */
public final class LlmTelemetry {

	// The gen_ai.* keys exist only in the incubating semantic conventions, which are not a
	// dependency: they are written here, once; stable ones come from io.opentelemetry.semconv.

	public static final String TAG = "LLM";

	static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");

	static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");

	static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");

	static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");

	static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");

	static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	static final AttributeKey<Double> COST = AttributeKey.doubleKey("operation.cost");

	static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

	static final AttributeKey<Double> DURATION = AttributeKey.doubleKey("duration");

	static final AttributeKey<String> REQUEST_DATA = AttributeKey.stringKey("request_data");

	static final AttributeKey<String> RESPONSE_DATA = AttributeKey.stringKey("response_data");

	static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");

	static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");

	static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");

	// The request parameters, read from OpenAI's wire format and from Spring AI's options alike.

	static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");

	static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");

	static final AttributeKey<Long> REQUEST_TOP_K = AttributeKey.longKey("gen_ai.request.top_k");

	static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY = AttributeKey
		.doubleKey("gen_ai.request.frequency_penalty");

	static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY = AttributeKey
		.doubleKey("gen_ai.request.presence_penalty");

	static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");

	static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");

	static final AttributeKey<Long> REQUEST_CHOICE_COUNT = AttributeKey.longKey("gen_ai.request.choice.count");

	static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES = AttributeKey
		.stringArrayKey("gen_ai.request.stop_sequences");

	static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT = AttributeKey
		.longKey("gen_ai.embeddings.dimension.count");

	static final String STREAM_LOG_TEMPLATE = "streaming response from '{gen_ai.request.model}' took {duration}s";

	/** Upper bound of one request_data or response_data JSON text; texts inside are cut before. */
	static final int MAX_DATA_JSON_LENGTH = 256 * 1024;

	private static final List<String> TAGS = List.of(TAG);

	private static final ContextKey<Boolean> IN_LLM_CALL = ContextKey.named("logfire-llm-call");

	private final Tracer tracer;

	private final LongHistogram tokenUsage;

	private final DoubleHistogram duration;

	private final DoubleCounter cost;

	private final LlmPriceTable prices;

	private final boolean recordContent;

	/** Logfire's version 1: the whole request in request_data, the answer in response_data. */
	private final boolean requestResponseData;

	/** Logfire's 'latest': messages in the GenAI conventions' attributes. */
	private final boolean genAiMessages;

	private final int maxContentLength;

	/**
	 * @param genAiMessages messages in the GenAI conventions' attributes (Logfire's 'latest')
	 * @param requestResponseData the whole request in request_data, the answer in response_data (version 1)
	 */
	public LlmTelemetry(OpenTelemetry openTelemetry, LlmPriceTable prices, boolean recordContent,
			boolean genAiMessages, boolean requestResponseData, int maxContentLength) {
		this.tracer = openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME);
		Meter meter = openTelemetry.getMeter(Logfire.INSTRUMENTATION_NAME);
		this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage")
			.ofLongs()
			.setUnit("{token}")
			.setDescription("Tokens used per model call, by gen_ai.token.type (input or output)")
			.build();
		this.duration = meter.histogramBuilder("gen_ai.client.operation.duration")
			.setUnit("s")
			.setDescription("Duration of model calls")
			.build();
		this.cost = meter.counterBuilder("gen_ai.client.cost")
			.ofDoubles()
			.setUnit("USD")
			.setDescription("Cost of model calls from the price table")
			.build();
		this.prices = prices;
		this.recordContent = recordContent;
		this.requestResponseData = requestResponseData;
		this.genAiMessages = genAiMessages;
		this.maxContentLength = maxContentLength;
	}

	/** Whether prompts and completions go into request_data and response_data. */
	public boolean recordContent() {
		return this.recordContent;
	}

	/** {@code text} cut to the configured length, or null when content is not recorded. */
	public @Nullable String content(@Nullable String text) {
		if (!this.recordContent || text == null) {
			return null;
		}
		return (text.length() <= this.maxContentLength) ? text
				: text.substring(0, this.maxContentLength) + AttributeValues.TRUNCATION_MARKER;
	}

	/** {@code context} marked as inside a model call, for everything the call does. */
	public static Context markLlmCall(Context context) {
		return context.with(IN_LLM_CALL, Boolean.TRUE);
	}

	/**
	 * Whether the current code runs inside a recorded model call (so an HTTP call a Spring AI
	 * model makes is not recorded a second time), however deep the spans in between.
	 */
	public static boolean inLlmCall() {
		return Boolean.TRUE.equals(Context.current().get(IN_LLM_CALL));
	}

	/** Starts the CLIENT span of a call, with everything known from the request. */
	public Span startSpan(LlmCall call, Context parent) {
		return this.tracer.spanBuilder(call.operation.template())
			.setParent(parent)
			.setSpanKind(SpanKind.CLIENT)
			.setAllAttributes(startAttributes(call))
			.startSpan();
	}

	Attributes startAttributes(LlmCall call) {
		AttributesBuilder builder = Attributes.builder()
			.put(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_SPAN)
			.put(LogfireAttributes.MSG_TEMPLATE, call.operation.template())
			.put(LogfireAttributes.MSG, call.operation.message(call.requestModel))
			.put(LogfireAttributes.TAGS, TAGS)
			.put(OPERATION_NAME, call.operation.operationName());
		putIfPresent(builder, SYSTEM, call.provider);
		putIfPresent(builder, PROVIDER_NAME, call.provider);
		putIfPresent(builder, REQUEST_MODEL, call.requestModel);
		builder.putAll(call.requestParameters.build());
		builder.putAll(call.transport.build());
		putRequest(builder, call);
		builder.put(LogfireAttributes.JSON_SCHEMA, jsonSchema(call));
		return builder.build();
	}

	/**
	 * request_data (the whole request in version 1; only the model otherwise, as Logfire keeps
	 * it) and the GenAI input messages and system instructions.
	 */
	private void putRequest(AttributesBuilder builder, LlmCall call) {
		Object requestData = this.requestResponseData ? call.requestData
				: (call.requestModel != null) ? Map.of("model", call.requestModel) : Map.of();
		putJson(builder, call, REQUEST_DATA, requestData, "object");
		if (this.genAiMessages) {
			JsonNode request = JsonMapper.shared().valueToTree(call.requestData);
			ArrayNode input = GenAiMessages.input(request);
			if (!input.isEmpty()) {
				putJson(builder, call, INPUT_MESSAGES, input, "array");
			}
			ArrayNode instructions = GenAiMessages.systemInstructions(request);
			if (instructions != null) {
				putJson(builder, call, SYSTEM_INSTRUCTIONS, instructions, "array");
			}
		}
	}

	/** {@code logfire.json_schema}: which of the call's attributes hold JSON, objects or arrays. */
	private static String jsonSchema(LlmCall call) {
		StringBuilder properties = new StringBuilder();
		call.jsonAttributes.forEach((key, type) -> properties.append(properties.isEmpty() ? "" : ",")
			.append('"').append(key).append("\":{\"type\":\"").append(type).append("\"}"));
		return "{\"type\":\"object\",\"properties\":{" + properties + "}}";
	}

	/** Puts a JSON attribute and remembers its JSON type for the schema. */
	private static void putJson(AttributesBuilder builder, LlmCall call, AttributeKey<String> key, Object value,
			String type) {
		builder.put(key, AttributeValues.toJson(value, MAX_DATA_JSON_LENGTH));
		call.jsonAttributes.put(key.getKey(), type);
	}

	/**
	 * Adds what the response told (model, id, finish reasons, usage, cost, response_data),
	 * records the metrics and ends the span.
	 */
	public void endSpan(Span span, LlmCall call, long startNanos) {
		try {
			if (call.errorType != null) {
				// An error answer from the API: client 4xx and 5xx are level error in Logfire.
				span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.ERROR.number());
				span.setStatus(StatusCode.ERROR, call.errorType);
			}
		}
		finally {
			finish(span, call, startNanos);
		}
	}

	/** Ends the span of a call that threw (connection refused, timeout, model error). */
	public void endSpan(Span span, LlmCall call, long startNanos, Throwable failure) {
		SpanOutcomes.recordException(span, failure);
		if (call.errorType == null) {
			call.errorType = failure.getClass().getName();
		}
		finish(span, call, startNanos);
	}

	private void finish(Span span, LlmCall call, long startNanos) {
		try {
			span.setAllAttributes(responseAttributes(call));
			span.setAttribute(LogfireAttributes.JSON_SCHEMA, jsonSchema(call));
			if (call.requestModel == null && call.responseModel != null) {
				span.setAttribute(LogfireAttributes.MSG, call.operation.message(call.responseModel));
			}
			putIfPresent(span, ErrorAttributes.ERROR_TYPE, call.errorType);
			if (!call.metricsAtStreamEnd) {
				recordMetrics(call, startNanos);
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording an LLM call", ex);
		}
		finally {
			span.end();
		}
	}

	/**
	 * The log Logfire emits when a streamed response completes, child of the call's span: the
	 * combined response, usage and cost. Metrics are recorded here, once the usage is known.
	 */
	public void streamCompleted(Span callSpan, LlmCall call, long startNanos) {
		try {
			double seconds = Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
			AttributesBuilder builder = Attributes.builder()
				.put(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_LOG)
				.put(LogfireAttributes.LEVEL_NUM, (long) Level.INFO.number())
				.put(LogfireAttributes.MSG_TEMPLATE, STREAM_LOG_TEMPLATE)
				.put(LogfireAttributes.MSG,
						"streaming response from '" + ((call.requestModel != null) ? call.requestModel : "unknown")
								+ "' took " + seconds + "s")
				.put(LogfireAttributes.TAGS, TAGS)
				.put(OPERATION_NAME, call.operation.operationName())
				.put(DURATION, seconds);
			putIfPresent(builder, SYSTEM, call.provider);
			putIfPresent(builder, PROVIDER_NAME, call.provider);
			putIfPresent(builder, REQUEST_MODEL, call.requestModel);
			builder.putAll(responseAttributes(call));
			putRequest(builder, call);
			builder.put(LogfireAttributes.JSON_SCHEMA, jsonSchema(call));
			long now = System.currentTimeMillis();
			this.tracer.spanBuilder(STREAM_LOG_TEMPLATE)
				.setParent(Context.root().with(callSpan))
				.setAllAttributes(builder.build())
				.setStartTimestamp(now, TimeUnit.MILLISECONDS)
				.startSpan()
				.end(now, TimeUnit.MILLISECONDS);
			recordMetrics(call, startNanos);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording a streamed LLM response", ex);
		}
	}

	private Attributes responseAttributes(LlmCall call) {
		AttributesBuilder builder = Attributes.builder();
		putIfPresent(builder, RESPONSE_MODEL, call.responseModel);
		putIfPresent(builder, RESPONSE_ID, call.responseId);
		if (call.finishReasons != null && !call.finishReasons.isEmpty()) {
			builder.put(FINISH_REASONS, call.finishReasons);
		}
		putIfPresent(builder, INPUT_TOKENS, call.inputTokens);
		putIfPresent(builder, OUTPUT_TOKENS, call.outputTokens);
		Double cost = cost(call);
		putIfPresent(builder, COST, cost);
		if (this.requestResponseData && call.responseData != null) {
			putJson(builder, call, RESPONSE_DATA, call.responseData, "object");
		}
		if (this.genAiMessages && call.outputMessages != null) {
			putJson(builder, call, OUTPUT_MESSAGES, call.outputMessages, "array");
		}
		return builder.build();
	}

	private @Nullable Double cost(LlmCall call) {
		if (!call.hasUsage()) {
			return null;
		}
		return this.prices.cost(call.effectiveModel(), orZero(call.inputTokens), orZero(call.outputTokens));
	}

	private void recordMetrics(LlmCall call, long startNanos) {
		AttributesBuilder common = Attributes.builder().put(OPERATION_NAME, call.operation.operationName());
		putIfPresent(common, SYSTEM, call.provider);
		putIfPresent(common, PROVIDER_NAME, call.provider);
		putIfPresent(common, REQUEST_MODEL, call.requestModel);
		putIfPresent(common, RESPONSE_MODEL, call.responseModel);
		Attributes attributes = common.build();
		if (call.inputTokens != null) {
			this.tokenUsage.record(call.inputTokens, attributes.toBuilder().put(TOKEN_TYPE, "input").build());
		}
		if (call.outputTokens != null) {
			this.tokenUsage.record(call.outputTokens, attributes.toBuilder().put(TOKEN_TYPE, "output").build());
		}
		Double cost = cost(call);
		if (cost != null) {
			this.cost.add(cost, attributes);
		}
		Attributes durationAttributes = (call.errorType != null)
				? attributes.toBuilder().put(ErrorAttributes.ERROR_TYPE, call.errorType).build() : attributes;
		this.duration.record((System.nanoTime() - startNanos) / 1e9, durationAttributes);
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0L;
	}

	private static <T> void putIfPresent(AttributesBuilder builder, AttributeKey<T> key, @Nullable T value) {
		if (value != null) {
			builder.put(key, value);
		}
	}

	private static <T> void putIfPresent(Span span, AttributeKey<T> key, @Nullable T value) {
		if (value != null) {
			span.setAttribute(key, value);
		}
	}

	/** Puts {@code value} into {@code map} unless it is null. */
	static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
