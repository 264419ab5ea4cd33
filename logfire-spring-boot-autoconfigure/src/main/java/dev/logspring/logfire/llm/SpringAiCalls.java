package dev.logspring.logfire.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.model.observation.ModelObservationContext;

/**
 * Reads Spring AI's observation contexts (the prompt, the options, the response and its usage)
 * into an {@link LlmCall}, in the same OpenAI-like shape as the HTTP calls.
 */
final class SpringAiCalls {

	private SpringAiCalls() {
	}

	static LlmCall request(ModelObservationContext<?, ?> context, LlmTelemetry telemetry) {
		String provider = context.getOperationMetadata().provider();
		if (context instanceof ChatModelObservationContext chat) {
			return chatRequest(chat, provider, telemetry);
		}
		return embeddingRequest((EmbeddingModelObservationContext) context, provider, telemetry);
	}

	static void response(LlmCall call, ModelObservationContext<?, ?> context, LlmTelemetry telemetry) {
		if (context instanceof ChatModelObservationContext chat && chat.getResponse() != null) {
			chatResponse(call, chat.getResponse(), telemetry);
		}
		else if (context instanceof EmbeddingModelObservationContext embedding && embedding.getResponse() != null) {
			embeddingResponse(call, embedding.getResponse());
		}
	}

	private static LlmCall chatRequest(ChatModelObservationContext context, String provider,
			LlmTelemetry telemetry) {
		LlmCall call = new LlmCall(LlmOperation.CHAT, provider);
		Map<String, Object> data = new LinkedHashMap<>();
		ChatOptions options = context.getRequest().getOptions();
		if (options != null) {
			call.requestModel = options.getModel();
			LlmTelemetry.putIfPresent(data, "model", options.getModel());
			parameter(call, data, "temperature", LlmTelemetry.REQUEST_TEMPERATURE, options.getTemperature());
			parameter(call, data, "max_tokens", LlmTelemetry.REQUEST_MAX_TOKENS, whole(options.getMaxTokens()));
			parameter(call, data, "top_p", LlmTelemetry.REQUEST_TOP_P, options.getTopP());
			parameter(call, data, "top_k", LlmTelemetry.REQUEST_TOP_K, whole(options.getTopK()));
			parameter(call, data, "frequency_penalty", LlmTelemetry.REQUEST_FREQUENCY_PENALTY,
					options.getFrequencyPenalty());
			parameter(call, data, "presence_penalty", LlmTelemetry.REQUEST_PRESENCE_PENALTY,
					options.getPresencePenalty());
			if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
				call.requestParameters.put(LlmTelemetry.REQUEST_STOP_SEQUENCES, options.getStopSequences());
				data.put("stop", options.getStopSequences());
			}
		}
		List<Map<String, Object>> messages = new ArrayList<>();
		for (Message message : context.getRequest().getInstructions()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("role", message.getMessageType().getValue());
			LlmTelemetry.putIfPresent(entry, "content", telemetry.content(message.getText()));
			messages.add(entry);
		}
		data.put("messages", messages);
		if (context.isStreaming()) {
			data.put("stream", true);
		}
		call.requestData = data;
		return call;
	}

	private static <T> void parameter(LlmCall call, Map<String, Object> data, String field, AttributeKey<T> attribute,
			@Nullable T value) {
		if (value != null) {
			data.put(field, value);
			call.requestParameters.put(attribute, value);
		}
	}

	private static @Nullable Long whole(@Nullable Integer value) {
		return (value != null) ? value.longValue() : null;
	}

	private static void chatResponse(LlmCall call, ChatResponse response, LlmTelemetry telemetry) {
		var metadata = response.getMetadata();
		call.responseId = emptyToNull(metadata.getId());
		call.responseModel = emptyToNull(metadata.getModel());
		Map<String, Object> data = new LinkedHashMap<>();
		List<String> reasons = new ArrayList<>();
		for (Generation generation : response.getResults()) {
			String reason = generation.getMetadata().getFinishReason();
			String finishReason = (reason != null && !reason.isEmpty()) ? reason.toLowerCase(java.util.Locale.ROOT)
					: null;
			if (finishReason != null) {
				reasons.add(finishReason);
			}
			call.addOutputMessage(GenAiMessages.output(
					JsonMapper.shared().valueToTree(message(generation.getOutput(), telemetry)), finishReason));
		}
		call.finishReasons = reasons;
		if (!response.getResults().isEmpty()) {
			data.put("message", message(response.getResults().get(0).getOutput(), telemetry));
		}
		Map<String, Object> usage = usage(call, metadata.getUsage(), true);
		if (usage != null) {
			data.put("usage", usage);
		}
		call.responseData = data;
	}

	private static Map<String, Object> message(AssistantMessage output, LlmTelemetry telemetry) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		LlmTelemetry.putIfPresent(message, "content", telemetry.content(output.getText()));
		if (telemetry.recordContent() && output.hasToolCalls()) {
			List<Map<String, Object>> calls = new ArrayList<>();
			for (AssistantMessage.ToolCall toolCall : output.getToolCalls()) {
				calls.add(Map.of("id", String.valueOf(toolCall.id()), "type", "function", "function",
						Map.of("name", String.valueOf(toolCall.name()), "arguments",
								String.valueOf(telemetry.content(toolCall.arguments())))));
			}
			message.put("tool_calls", calls);
		}
		return message;
	}

	private static LlmCall embeddingRequest(EmbeddingModelObservationContext context, String provider,
			LlmTelemetry telemetry) {
		LlmCall call = new LlmCall(LlmOperation.EMBEDDINGS, provider);
		Map<String, Object> data = new LinkedHashMap<>();
		EmbeddingOptions options = context.getRequest().getOptions();
		if (options != null) {
			call.requestModel = options.getModel();
			LlmTelemetry.putIfPresent(data, "model", options.getModel());
			if (options.getDimensions() != null) {
				data.put("dimensions", options.getDimensions());
				call.requestParameters.put(LlmTelemetry.EMBEDDINGS_DIMENSION_COUNT,
						options.getDimensions().longValue());
			}
		}
		if (telemetry.recordContent()) {
			data.put("input", context.getRequest().getInstructions().stream().map(telemetry::content).toList());
		}
		call.requestData = data;
		return call;
	}

	private static void embeddingResponse(LlmCall call, EmbeddingResponse response) {
		call.responseModel = emptyToNull(response.getMetadata().getModel());
		Map<String, Object> usage = usage(call, response.getMetadata().getUsage(), false);
		call.responseData = (usage != null) ? Map.of("usage", usage) : Map.of();
	}

	/** Usage in OpenAI's field names; output tokens only for chat (embeddings produce none). */
	private static @Nullable Map<String, Object> usage(LlmCall call, Usage usage, boolean withOutput) {
		if (usage == null || (usage.getPromptTokens() == null && usage.getCompletionTokens() == null)) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		if (usage.getPromptTokens() != null) {
			call.inputTokens = usage.getPromptTokens().longValue();
			data.put("prompt_tokens", usage.getPromptTokens());
		}
		if (withOutput && usage.getCompletionTokens() != null) {
			call.outputTokens = usage.getCompletionTokens().longValue();
			data.put("completion_tokens", usage.getCompletionTokens());
		}
		LlmTelemetry.putIfPresent(data, "total_tokens", usage.getTotalTokens());
		return data;
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
