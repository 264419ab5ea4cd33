package dev.logspring.sample.llm;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The OpenAI-compatible endpoint scenario 3 talks to, under {@code demo.llm.*}.
 */
@ConfigurationProperties("demo.llm")
public class LlmDemoProperties {

	/**
	 * Base URL of an OpenAI-compatible API, up to and including /v1: https://api.openai.com/v1,
	 * http://localhost:11434/v1 (Ollama), http://localhost:8000/v1 (vLLM). Unset: the stand-in the
	 * sample app serves itself under /stand-in/v1 (no key, no network; not a model).
	 */
	private String baseUrl;

	/** API key sent as a bearer token (not needed by a local Ollama). */
	private String apiKey;

	/** Model to ask. */
	private String model = "gpt-4o-mini";

	public boolean isConfigured() {
		return StringUtils.hasText(this.baseUrl);
	}

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(String apiKey) {
		this.apiKey = apiKey;
	}

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

}
