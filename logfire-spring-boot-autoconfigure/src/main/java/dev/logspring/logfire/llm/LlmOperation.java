package dev.logspring.logfire.llm;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of model call recorded, with Logfire's message template for each and the
 * OpenTelemetry {@code gen_ai.operation.name}.
 */
public enum LlmOperation {

	CHAT("chat", "Chat Completion with '{gen_ai.request.model}'", "Chat Completion with '"),

	RESPONSES("chat", "Responses API with '{gen_ai.request.model}'", "Responses API with '"),

	EMBEDDINGS("embeddings", "Embedding Creation with '{gen_ai.request.model}'", "Embedding Creation with '");

	private final String operationName;

	private final String template;

	private final String messagePrefix;

	LlmOperation(String operationName, String template, String messagePrefix) {
		this.operationName = operationName;
		this.template = template;
		this.messagePrefix = messagePrefix;
	}

	/** {@code gen_ai.operation.name}. */
	public String operationName() {
		return this.operationName;
	}

	/** {@code logfire.msg_template}, also the span name (low cardinality, as Logfire names it). */
	public String template() {
		return this.template;
	}

	/** The message for a model, formatted as the template would. */
	public String message(@Nullable String model) {
		return this.messagePrefix + ((model != null) ? model : "unknown") + "'";
	}

}
