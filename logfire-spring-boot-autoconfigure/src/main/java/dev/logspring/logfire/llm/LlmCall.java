package dev.logspring.logfire.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What is known about one model call, gathered from Spring AI's observation context or from
 * the request and response JSON of an OpenAI-compatible API, in one shape for
 * {@link LlmTelemetry}. Content is already cut or left out according to the settings.
 */
public final class LlmCall {

	final LlmOperation operation;

	final String provider;

	@Nullable String requestModel;

	/** {@code gen_ai.request.*} parameters (temperature, max_tokens...). */
	final AttributesBuilder requestParameters = Attributes.builder();

	/** Extra attributes of the transport (HTTP method, URL, status). */
	final AttributesBuilder transport = Attributes.builder();

	/** The request as Logfire shows it ({@code request_data}). */
	Object requestData = Map.of();

	@Nullable String responseModel;

	@Nullable String responseId;

	@Nullable List<String> finishReasons;

	@Nullable Long inputTokens;

	@Nullable Long outputTokens;

	/** The response as Logfire shows it ({@code response_data}: message and usage). */
	@Nullable Object responseData;

	/** The answer's messages in the GenAI shape ({@code gen_ai.output.messages}); null when none. */
	@Nullable ArrayNode outputMessages;

	/** The JSON attributes written so far, with their JSON type, for {@code logfire.json_schema}. */
	final Map<String, String> jsonAttributes = new LinkedHashMap<>();

	/** Streamed over HTTP: usage and metrics come with the log at the end of the stream. */
	boolean metricsAtStreamEnd;

	/** Set when the call failed at the HTTP level: the {@code error.type}. */
	@Nullable String errorType;

	public LlmCall(LlmOperation operation, String provider) {
		this.operation = operation;
		this.provider = provider;
	}

	/** The model that answered, else the one requested. */
	@Nullable String effectiveModel() {
		return (this.responseModel != null) ? this.responseModel : this.requestModel;
	}

	/** Adds a message of the answer to {@code gen_ai.output.messages}. */
	void addOutputMessage(ObjectNode message) {
		if (this.outputMessages == null) {
			this.outputMessages = JsonNodeFactory.instance.arrayNode();
		}
		this.outputMessages.add(message);
	}

	boolean hasUsage() {
		return this.inputTokens != null || this.outputTokens != null;
	}

}
