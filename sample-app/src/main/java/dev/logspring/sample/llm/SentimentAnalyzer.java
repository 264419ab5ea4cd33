package dev.logspring.sample.llm;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.Traced;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Scenario 3 of the seed: sentiment analysis by a language model behind any OpenAI-compatible
 * API, called with Boot's {@code RestClient}. The starter records each call as an LLM span
 * (model, parameters, prompt, answer, tokens, cost); this service adds the business metrics.
 */
@Service
@EnableConfigurationProperties(LlmDemoProperties.class)
public class SentimentAnalyzer {

	static final String SYSTEM_PROMPT = """
			You analyse the sentiment of customer reviews. Answer with a JSON object only:
			{"label": "positive" | "negative" | "neutral", "confidence": <number from 0 to 1>}""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RestClient client;

	private final LlmDemoProperties properties;

	private final Logfire logfire;

	private final Environment environment;

	public SentimentAnalyzer(RestClient.Builder builder, LlmDemoProperties properties, Logfire logfire,
			Environment environment) {
		this.properties = properties;
		this.logfire = logfire;
		this.environment = environment;
		if (StringUtils.hasText(properties.getApiKey())) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.getApiKey());
		}
		this.client = builder.build();
	}

	/**
	 * The configured endpoint, else the stand-in this application serves (known once its web
	 * server runs), else null: no model to ask.
	 */
	public String baseUrl() {
		if (this.properties.isConfigured()) {
			return this.properties.getBaseUrl();
		}
		String port = this.environment.getProperty("local.server.port");
		return (port != null) ? "http://localhost:" + port + StandInChatCompletions.PATH : null;
	}

	/** Whether {@link #baseUrl()} is the stand-in rather than a real model. */
	public boolean usesStandIn() {
		return !this.properties.isConfigured();
	}

	@Traced
	public Sentiment analyze(String text) {
		Map<String, Object> request = Map.of("model", this.properties.getModel(), "temperature", 0, "max_tokens", 60,
				"response_format", Map.of("type", "json_object"), "messages",
				List.of(Map.of("role", "system", "content", SYSTEM_PROMPT), Map.of("role", "user", "content", text)));
		String body = this.client.post()
			.uri(baseUrl() + "/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.body(JSON.writeValueAsString(request))
			.retrieve()
			.body(String.class);
		String answer = JSON.readTree(body).path("choices").path(0).path("message").path("content").asString("");
		Sentiment sentiment = parse(answer);
		this.logfire.metric("sentiment_analysis_confidence", sentiment.confidence(),
				Map.of("label", sentiment.label()));
		this.logfire.counter("sentiment_" + sentiment.label()).record(1);
		return sentiment;
	}

	/** The model's JSON answer as a typed result; local models sometimes wrap it in prose or fences. */
	static Sentiment parse(String answer) {
		int start = answer.indexOf('{');
		int end = answer.lastIndexOf('}');
		if (start < 0 || end < start) {
			throw new IllegalStateException("The model did not answer with JSON: " + answer);
		}
		JsonNode json = JSON.readTree(answer.substring(start, end + 1));
		String label = json.path("label").asString("neutral").trim().toLowerCase(Locale.ROOT);
		if (!List.of("positive", "negative", "neutral").contains(label)) {
			label = "neutral";
		}
		double confidence = Math.max(0, Math.min(1, json.path("confidence").asDouble(0)));
		return new Sentiment(label, confidence);
	}

}
