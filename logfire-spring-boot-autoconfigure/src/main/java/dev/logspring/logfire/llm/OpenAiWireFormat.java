package dev.logspring.logfire.llm;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the OpenAI wire format (chat completions, the Responses API, embeddings), as spoken
 * by OpenAI, Azure OpenAI, Ollama, vLLM and other compatible servers, into an {@link LlmCall}.
 */
final class OpenAiWireFormat {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Request fields that carry prompt content, left out when content is not recorded. */
	private static final List<String> CONTENT_FIELDS = List.of("input", "instructions", "prompt");

	private static final Map<String, AttributeKey<Double>> DOUBLE_PARAMETERS = Map.of("temperature",
			LlmTelemetry.REQUEST_TEMPERATURE, "top_p", LlmTelemetry.REQUEST_TOP_P, "frequency_penalty",
			LlmTelemetry.REQUEST_FREQUENCY_PENALTY, "presence_penalty", LlmTelemetry.REQUEST_PRESENCE_PENALTY);

	private static final Map<String, AttributeKey<Long>> LONG_PARAMETERS = Map.of("max_tokens",
			LlmTelemetry.REQUEST_MAX_TOKENS, "max_completion_tokens", LlmTelemetry.REQUEST_MAX_TOKENS,
			"max_output_tokens", LlmTelemetry.REQUEST_MAX_TOKENS, "seed", LlmTelemetry.REQUEST_SEED, "n",
			LlmTelemetry.REQUEST_CHOICE_COUNT, "dimensions", LlmTelemetry.EMBEDDINGS_DIMENSION_COUNT);

	private OpenAiWireFormat() {
	}

	/** The operation a POST to {@code path} performs, or null when it is not a model call we know. */
	static @Nullable LlmOperation operation(String path) {
		if (path == null) {
			return null;
		}
		String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		if (trimmed.endsWith("/chat/completions")) {
			return LlmOperation.CHAT;
		}
		if (trimmed.endsWith("/v1/responses") || trimmed.endsWith("/openai/responses")) {
			return LlmOperation.RESPONSES;
		}
		if (trimmed.endsWith("/embeddings")) {
			return LlmOperation.EMBEDDINGS;
		}
		return null;
	}

	/** {@code gen_ai.system} from the server: Azure and Ollama are told apart, others speak OpenAI. */
	static String provider(URI uri) {
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		String path = (uri.getPath() != null) ? uri.getPath() : "";
		if (host.endsWith(".openai.azure.com") || path.contains("/openai/deployments/")) {
			return "azure.ai.openai";
		}
		if (host.contains("ollama") || uri.getPort() == 11434) {
			return "ollama";
		}
		return "openai";
	}

	/** Azure names the deployment in the path; it stands for the model when the body names none. */
	static @Nullable String azureDeployment(String path) {
		int start = path.indexOf("/openai/deployments/");
		if (start < 0) {
			return null;
		}
		start += "/openai/deployments/".length();
		int end = path.indexOf('/', start);
		return (end > start) ? path.substring(start, end) : null;
	}

	/** Reads the request: model, parameters and request_data (content cut or left out). */
	static void readRequest(LlmCall call, JsonNode request, LlmTelemetry telemetry) {
		if (!(request instanceof ObjectNode object)) {
			return;
		}
		String model = text(object.get("model"));
		if (model != null) {
			call.requestModel = model;
		}
		readParameters(object, call.requestParameters);
		call.requestData = withContentPolicy(object.deepCopy(), telemetry);
	}

	private static void readParameters(ObjectNode request, AttributesBuilder parameters) {
		DOUBLE_PARAMETERS.forEach((field, key) -> {
			JsonNode value = request.get(field);
			if (value != null && value.isNumber()) {
				parameters.put(key, value.asDouble());
			}
		});
		LONG_PARAMETERS.forEach((field, key) -> {
			JsonNode value = request.get(field);
			if (value != null && value.isIntegralNumber()) {
				parameters.put(key, value.asLong());
			}
		});
		JsonNode stop = request.get("stop");
		if (stop != null && stop.isString()) {
			parameters.put(LlmTelemetry.REQUEST_STOP_SEQUENCES, List.of(stop.asString()));
		}
		else if (stop != null && stop.isArray()) {
			parameters.put(LlmTelemetry.REQUEST_STOP_SEQUENCES, texts(stop));
		}
	}

	/** Reads a complete (non-streamed) response body. */
	static void readResponse(LlmCall call, @Nullable JsonNode response, LlmTelemetry telemetry) {
		if (!(response instanceof ObjectNode object)) {
			return;
		}
		call.responseId = text(object.get("id"));
		call.responseModel = text(object.get("model"));
		JsonNode usage = object.get("usage");
		readUsage(call, usage);
		ObjectNode data = NODES.objectNode();
		switch (call.operation) {
			case CHAT -> {
				List<String> reasons = new ArrayList<>();
				for (JsonNode choice : object.path("choices")) {
					String reason = text(choice.get("finish_reason"));
					if (reason != null) {
						reasons.add(reason);
					}
				}
				call.finishReasons = reasons;
				for (JsonNode choice : object.path("choices")) {
					if (choice.get("message") instanceof ObjectNode choiceMessage) {
						call.addOutputMessage(GenAiMessages.output(withContentPolicy(choiceMessage.deepCopy(), telemetry),
								text(choice.get("finish_reason"))));
					}
				}
				JsonNode message = object.path("choices").path(0).get("message");
				if (message instanceof ObjectNode messageObject) {
					data.set("message", withContentPolicy(messageObject.deepCopy(), telemetry));
				}
			}
			case RESPONSES -> {
				String status = text(object.get("status"));
				if (status != null) {
					call.finishReasons = List.of(status);
				}
				if (telemetry.recordContent() && object.get("output") != null) {
					JsonNode output = cutStrings(object.get("output").deepCopy(), telemetry);
					data.set("output", output);
					for (JsonNode item : output) {
						ObjectNode outputMessage = GenAiMessages.responsesOutput(item);
						if (outputMessage != null) {
							call.addOutputMessage(outputMessage);
						}
					}
				}
			}
			case EMBEDDINGS -> {
				// The vectors are not worth recording: Logfire keeps the usage only.
			}
		}
		if (usage != null && usage.isObject()) {
			data.set("usage", usage.deepCopy());
		}
		call.responseData = data;
	}

	/** An error answer ({@code {"error": {"message", "type", "code"}}}): error.type and the body. */
	static void readError(LlmCall call, int status, @Nullable JsonNode body, LlmTelemetry telemetry) {
		JsonNode error = (body != null) ? body.path("error") : NODES.missingNode();
		String code = text(error.get("code"));
		String type = text(error.get("type"));
		call.errorType = (code != null) ? code : (type != null) ? type : String.valueOf(status);
		if (body instanceof ObjectNode object && telemetry.recordContent()) {
			call.responseData = cutStrings(object.deepCopy(), telemetry);
		}
	}

	static void readUsage(LlmCall call, @Nullable JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return;
		}
		JsonNode input = usage.has("prompt_tokens") ? usage.get("prompt_tokens") : usage.get("input_tokens");
		JsonNode output = usage.has("completion_tokens") ? usage.get("completion_tokens")
				: usage.get("output_tokens");
		if (input != null && input.isIntegralNumber()) {
			call.inputTokens = input.asLong();
		}
		if (output != null && output.isIntegralNumber()) {
			call.outputTokens = output.asLong();
		}
	}

	/**
	 * Applies the content setting to a request or message: long texts cut when content is
	 * recorded; otherwise prompts and completions removed, roles kept.
	 */
	static ObjectNode withContentPolicy(ObjectNode node, LlmTelemetry telemetry) {
		if (telemetry.recordContent()) {
			return (ObjectNode) cutStrings(node, telemetry);
		}
		node.remove("content");
		node.remove("tool_calls");
		node.remove("refusal");
		CONTENT_FIELDS.forEach(node::remove);
		JsonNode messages = node.get("messages");
		if (messages instanceof ArrayNode array) {
			ArrayNode roles = NODES.arrayNode();
			for (JsonNode message : array) {
				ObjectNode role = NODES.objectNode();
				String name = text(message.get("role"));
				if (name != null) {
					role.put("role", name);
				}
				roles.add(role);
			}
			node.set("messages", roles);
		}
		return node;
	}

	/** Cuts every text longer than the configured length, anywhere in the tree. */
	private static JsonNode cutStrings(JsonNode node, LlmTelemetry telemetry) {
		if (node instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> entry : object.properties()) {
				JsonNode value = entry.getValue();
				if (value.isString()) {
					entry.setValue(NODES.stringNode(telemetry.content(value.asString())));
				}
				else {
					cutStrings(value, telemetry);
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode value = array.get(i);
				if (value.isString()) {
					array.set(i, NODES.stringNode(telemetry.content(value.asString())));
				}
				else {
					cutStrings(value, telemetry);
				}
			}
		}
		return node;
	}

	static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.asString() : null;
	}

	private static List<String> texts(JsonNode array) {
		List<String> values = new ArrayList<>();
		for (JsonNode value : array) {
			if (value.isString()) {
				values.add(value.asString());
			}
		}
		return values;
	}

	/**
	 * Combines the chunks of a streamed response (server-sent events, one JSON object each)
	 * into the final response: text deltas, finish reasons, id, model and usage. Keeps at most
	 * the configured content length, so memory stays bounded whatever the stream's size.
	 */
	static final class StreamAccumulator {

		private final LlmCall call;

		private final LlmTelemetry telemetry;

		private final StringBuilder text = new StringBuilder();

		private final int maxText;

		private final List<String> finishReasons = new ArrayList<>();

		private @Nullable JsonNode usage;

		private int chunks;

		StreamAccumulator(LlmCall call, LlmTelemetry telemetry, int maxText) {
			this.call = call;
			this.telemetry = telemetry;
			this.maxText = maxText;
		}

		/** One {@code data:} payload of the stream. */
		void chunk(JsonNode chunk) {
			this.chunks++;
			String type = text(chunk.get("type"));
			if (type != null && type.startsWith("response.")) {
				responsesEvent(type, chunk);
				return;
			}
			String id = text(chunk.get("id"));
			if (id != null) {
				this.call.responseId = id;
			}
			String model = text(chunk.get("model"));
			if (model != null) {
				this.call.responseModel = model;
			}
			for (JsonNode choice : chunk.path("choices")) {
				append(text(choice.path("delta").get("content")));
				String reason = text(choice.get("finish_reason"));
				if (reason != null) {
					this.finishReasons.add(reason);
				}
			}
			if (chunk.get("usage") != null && chunk.get("usage").isObject()) {
				this.usage = chunk.get("usage");
			}
		}

		private void responsesEvent(String type, JsonNode event) {
			if (type.equals("response.output_text.delta")) {
				append(text(event.get("delta")));
			}
			else if (type.equals("response.completed") || type.equals("response.incomplete")
					|| type.equals("response.failed")) {
				JsonNode response = event.path("response");
				this.call.responseId = text(response.get("id"));
				this.call.responseModel = text(response.get("model"));
				String status = text(response.get("status"));
				if (status != null) {
					this.finishReasons.add(status);
				}
				if (response.get("usage") != null && response.get("usage").isObject()) {
					this.usage = response.get("usage");
				}
			}
		}

		private void append(@Nullable String delta) {
			if (delta == null || !this.telemetry.recordContent()) {
				return;
			}
			int room = this.maxText - this.text.length();
			if (room > 0) {
				this.text.append(delta, 0, Math.min(room, delta.length()));
			}
		}

		/** Writes the combined response into the call. */
		void complete() {
			this.call.finishReasons = List.copyOf(this.finishReasons);
			readUsage(this.call, this.usage);
			ObjectNode data = NODES.objectNode();
			ObjectNode message = data.putObject("message");
			message.put("role", "assistant");
			if (this.telemetry.recordContent()) {
				message.put("content", this.telemetry.content(this.text.toString()));
			}
			this.call.addOutputMessage(
					GenAiMessages.output(message, this.finishReasons.isEmpty() ? null : this.finishReasons.get(0)));
			if (this.usage != null) {
				data.set("usage", this.usage.deepCopy());
			}
			data.put("chunk_count", this.chunks);
			this.call.responseData = data;
		}

	}

}
