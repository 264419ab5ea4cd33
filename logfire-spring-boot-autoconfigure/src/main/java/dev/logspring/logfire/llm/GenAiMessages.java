package dev.logspring.logfire.llm;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Messages in OpenTelemetry's GenAI shape, as Logfire 5 records them by default
 * ({@code gen_ai.input.messages}, {@code gen_ai.output.messages},
 * {@code gen_ai.system_instructions}): {@code {"role", "parts": [{"type": "text", "content"}, ...]}}.
 * Converted from the OpenAI-shaped request and messages that both the HTTP and the Spring AI
 * paths gather, the way Logfire's OpenAI integration converts them (system messages of a chat
 * stay in the input; only the Responses API's {@code instructions} are system instructions).
 */
final class GenAiMessages {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private GenAiMessages() {
	}

	/** {@code gen_ai.input.messages} of an OpenAI-shaped request ({@code messages} or {@code input}). */
	static ArrayNode input(JsonNode request) {
		ArrayNode messages = NODES.arrayNode();
		for (JsonNode message : request.path("messages")) {
			messages.add(chatMessage(message));
		}
		JsonNode input = request.get("input");
		if (input != null && input.isString()) {
			messages.add(message("user", parts(input)));
		}
		else if (input != null && input.isArray()) {
			for (JsonNode item : input) {
				responsesInput(messages, item);
			}
		}
		return messages;
	}

	/** {@code gen_ai.system_instructions}: the Responses API's {@code instructions}, else null. */
	static @Nullable ArrayNode systemInstructions(JsonNode request) {
		JsonNode instructions = request.get("instructions");
		ArrayNode parts = (instructions != null) ? parts(instructions) : null;
		return (parts != null && !parts.isEmpty()) ? parts : null;
	}

	/** One {@code gen_ai.output.messages} entry from an OpenAI-shaped message of the answer. */
	static ObjectNode output(JsonNode message, @Nullable String finishReason) {
		ObjectNode output = chatMessage(message);
		if (finishReason != null) {
			output.put("finish_reason", finishReason);
		}
		return output;
	}

	/** An output message of the Responses API ({@code output[]}), or null for other items. */
	static @Nullable ObjectNode responsesOutput(JsonNode item) {
		String type = OpenAiWireFormat.text(item.get("type"));
		if ((type == null || type.equals("message")) && item.has("content")) {
			return message("assistant", parts(item.get("content")));
		}
		if ("function_call".equals(type)) {
			return message("assistant", NODES.arrayNode().add(toolCall(item.get("call_id"), item.get("name"),
					item.get("arguments"))));
		}
		return null;
	}

	private static ObjectNode chatMessage(JsonNode message) {
		String role = OpenAiWireFormat.text(message.get("role"));
		ArrayNode parts = NODES.arrayNode();
		JsonNode toolCallId = message.get("tool_call_id");
		if ("tool".equals(role) && toolCallId != null) {
			ObjectNode response = parts.addObject().put("type", "tool_call_response");
			response.set("id", toolCallId);
			putIfPresent(response, "response", message.get("content"));
		}
		else {
			JsonNode content = message.get("content");
			if (content != null) {
				parts.addAll(parts(content));
			}
			for (JsonNode call : message.path("tool_calls")) {
				JsonNode function = call.path("function");
				parts.add(toolCall(call.get("id"), function.get("name"), function.get("arguments")));
			}
		}
		ObjectNode result = message((role != null) ? role : "user", parts);
		putIfPresent(result, "name", message.get("name"));
		return result;
	}

	private static void responsesInput(ArrayNode messages, JsonNode item) {
		String type = OpenAiWireFormat.text(item.get("type"));
		if ((type == null || type.equals("message")) && item.has("content")) {
			String role = OpenAiWireFormat.text(item.get("role"));
			messages.add(message((role != null) ? role : "user", parts(item.get("content"))));
		}
		else if ("function_call".equals(type)) {
			messages.add(message("assistant", NODES.arrayNode().add(toolCall(item.get("call_id"), item.get("name"),
					item.get("arguments")))));
		}
		else if ("function_call_output".equals(type)) {
			ObjectNode response = NODES.objectNode().put("type", "tool_call_response");
			putIfPresent(response, "id", item.get("call_id"));
			putIfPresent(response, "response", item.get("output"));
			messages.add(message("tool", NODES.arrayNode().add(response)));
		}
	}

	private static ObjectNode message(String role, ArrayNode parts) {
		ObjectNode message = NODES.objectNode().put("role", role);
		message.set("parts", parts);
		return message;
	}

	/** A text, or a list of content parts, as parts. */
	private static ArrayNode parts(JsonNode content) {
		ArrayNode parts = NODES.arrayNode();
		if (content.isString()) {
			if (!content.asString().isEmpty()) {
				parts.addObject().put("type", "text").put("content", content.asString());
			}
		}
		else if (content.isArray()) {
			content.forEach((part) -> parts.add(part(part)));
		}
		return parts;
	}

	private static JsonNode part(JsonNode part) {
		if (!(part instanceof ObjectNode object)) {
			return NODES.objectNode().put("type", "text").put("content", part.asString(""));
		}
		String type = OpenAiWireFormat.text(object.get("type"));
		if ("text".equals(type) || "output_text".equals(type) || "input_text".equals(type)) {
			return NODES.objectNode().put("type", "text").put("content", object.path("text").asString(""));
		}
		if ("image_url".equals(type) || "input_image".equals(type)) {
			JsonNode url = object.get("image_url");
			String uri = (url != null && url.isObject()) ? OpenAiWireFormat.text(url.get("url"))
					: OpenAiWireFormat.text(url);
			if (uri != null) {
				return NODES.objectNode().put("type", "uri").put("uri", uri).put("modality", "image");
			}
		}
		ObjectNode unknown = object.deepCopy();
		unknown.put("type", (type != null) ? type : "unknown");
		return unknown;
	}

	/** A tool call part; arguments sent as JSON text are parsed, as Logfire does. */
	private static ObjectNode toolCall(JsonNode id, JsonNode name, JsonNode arguments) {
		ObjectNode call = NODES.objectNode().put("type", "tool_call");
		call.put("id", (id != null) ? id.asString("") : "");
		call.put("name", (name != null) ? name.asString("") : "");
		JsonNode parsed = arguments;
		if (arguments != null && arguments.isString()) {
			try {
				parsed = JsonMapper.shared().readTree(arguments.asString());
			}
			catch (RuntimeException ex) {
				// not JSON: kept as the text it is
			}
		}
		call.set("arguments", parsed);
		return call;
	}

	private static void putIfPresent(ObjectNode node, String field, @Nullable JsonNode value) {
		if (value != null && !value.isNull()) {
			node.set(field, value);
		}
	}

}
