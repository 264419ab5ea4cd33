package dev.logspring.logfire.llm;

import java.util.List;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OpenAiCompatibleServer;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static dev.logspring.logfire.llm.LlmSpans.JSON;
import static dev.logspring.logfire.llm.LlmSpans.doubleValue;
import static dev.logspring.logfire.llm.LlmSpans.json;
import static dev.logspring.logfire.llm.LlmSpans.llmSpans;
import static dev.logspring.logfire.llm.LlmSpans.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * OpenAI-compatible calls made through Boot's {@code RestClient.Builder} against a loopback
 * server speaking the OpenAI wire format: what reaches an OTLP backend (spans and metrics,
 * decoded with the official protobuf classes) with Boot's client observations active.
 */
class LlmRestClientTest {

	private static final String SYSTEM_PROMPT = "You classify the sentiment of reviews.";

	private static final String USER_PROMPT = "The delivery was late but the support team was wonderful.";

	private final OtlpReceiver receiver = new OtlpReceiver();

	private final OpenAiCompatibleServer model = new OpenAiCompatibleServer();

	@AfterEach
	void stop() {
		this.receiver.close();
		this.model.close();
	}

	static ApplicationContextRunner runner(OtlpReceiver receiver) {
		return LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class,
					RestClientObservationAutoConfiguration.class))
			.withPropertyValues("logfire.otlp.endpoint=" + receiver.baseUrl(), "logfire.metrics.export-interval=1h",
					// Both shapes: the older request_data and response_data are checked here too.
					"logfire.llm.semconv-versions=latest,1");
	}

	private RestClient client(ApplicationContext context) {
		return context.getBean(RestClient.Builder.class).baseUrl(this.model.baseUrl()).build();
	}

	private String post(ApplicationContext context, String uri, String json) {
		return post(client(context), uri, json);
	}

	static String post(RestClient client, String uri, String json) {
		return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().body(String.class);
	}

	private static String chatRequest(String model, boolean stream) {
		return """
				{"model": "%s", "temperature": 0.2, "max_tokens": 50, "top_p": 0.9, "stop": ["END"], "stream": %s,
				 "messages": [{"role": "system", "content": "%s"}, {"role": "user", "content": "%s"}]}
				""".formatted(model, stream, SYSTEM_PROMPT, USER_PROMPT);
	}

	@Test
	void chatCompletionIsOneClientSpanInLogfireShapeWithUsageCostAndMetrics() {
		this.model.reply("{\"label\": \"positive\", \"confidence\": 0.8}").usage(21, 9).modelSuffix("-2024-08-06");
		String[] answer = new String[1];
		runner(this.receiver).withPropertyValues("logfire.llm.prices.gpt-4o.input-per-million=2.5",
				"logfire.llm.prices.gpt-4o.output-per-million=10")
			.run((context) -> answer[0] = post(context, "/v1/chat/completions", chatRequest("gpt-4o", false)));
		JsonNode response = JSON.readTree(answer[0]);
		assertThat(response.path("choices").path(0).path("message").path("content").asString())
			.isEqualTo("{\"label\": \"positive\", \"confidence\": 0.8}");

		// One span for the call: Boot's client observation gave way to the LLM span.
		assertThat(this.receiver.spans()).hasSize(1);
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(span.name()).isEqualTo("Chat Completion with '{gen_ai.request.model}'");
		assertThat(span.string("logfire.msg")).isEqualTo("Chat Completion with 'gpt-4o'");
		assertThat(span.string("logfire.msg_template")).isEqualTo("Chat Completion with '{gen_ai.request.model}'");
		assertThat(span.string("logfire.span_type")).isEqualTo("span");
		assertThat(span.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(strings(span.attribute("logfire.tags"))).containsExactly("LLM");
		assertThat(span.string("gen_ai.system")).isEqualTo("openai");
		assertThat(span.string("gen_ai.provider.name")).isEqualTo("openai");
		assertThat(span.string("gen_ai.operation.name")).isEqualTo("chat");
		assertThat(span.string("gen_ai.request.model")).isEqualTo("gpt-4o");
		assertThat(doubleValue(span, "gen_ai.request.temperature")).isEqualTo(0.2);
		assertThat(span.longValue("gen_ai.request.max_tokens")).isEqualTo(50L);
		assertThat(doubleValue(span, "gen_ai.request.top_p")).isEqualTo(0.9);
		assertThat(strings(span.attribute("gen_ai.request.stop_sequences"))).containsExactly("END");
		assertThat(span.string("gen_ai.response.model")).isEqualTo(response.path("model").asString())
			.isEqualTo("gpt-4o-2024-08-06");
		assertThat(span.string("gen_ai.response.id")).isEqualTo(response.path("id").asString());
		assertThat(strings(span.attribute("gen_ai.response.finish_reasons"))).containsExactly("stop");
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(21L);
		assertThat(span.longValue("gen_ai.usage.output_tokens")).isEqualTo(9L);
		double expectedCost = 21 * 2.5 / 1_000_000 + 9 * 10.0 / 1_000_000;
		assertThat(doubleValue(span, "operation.cost")).isCloseTo(expectedCost, within(1e-12));
		assertThat(span.string("http.request.method")).isEqualTo("POST");
		assertThat(span.string("url.full")).isEqualTo(this.model.baseUrl() + "/v1/chat/completions");
		assertThat(span.string("server.address")).isEqualTo("127.0.0.1");
		assertThat(span.longValue("http.response.status_code")).isEqualTo(200L);
		assertThat(span.span().getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);

		JsonNode request = json(span, "request_data");
		assertThat(request.path("model").asString()).isEqualTo("gpt-4o");
		assertThat(request.path("messages").path(0).path("content").asString()).isEqualTo(SYSTEM_PROMPT);
		assertThat(request.path("messages").path(1).path("content").asString()).isEqualTo(USER_PROMPT);
		JsonNode data = json(span, "response_data");
		assertThat(data.path("message").path("content").asString())
			.isEqualTo(response.path("choices").path(0).path("message").path("content").asString());
		assertThat(data.path("usage").path("prompt_tokens").asInt()).isEqualTo(21);
		assertThat(json(span, "logfire.json_schema").path("properties").path("request_data").path("type").asString())
			.isEqualTo("object");
		assertThat(json(span, "logfire.json_schema").path("properties").path("response_data").path("type").asString())
			.isEqualTo("object");

		// The server received the LLM span's trace context.
		String traceparent = this.model.requests().get(0).header("traceparent");
		assertThat(traceparent).contains(span.traceId()).contains(span.spanId());

		assertThat(LlmSpans.tokenSum(this.receiver, "input")).isEqualTo(21);
		assertThat(LlmSpans.tokenSum(this.receiver, "output")).isEqualTo(9);
		assertThat(LlmSpans.costSum(this.receiver)).isCloseTo(expectedCost, within(1e-12));
		var tokenPoint = LlmSpans.metric(this.receiver, "gen_ai.client.token.usage").getExponentialHistogram()
			.getDataPoints(0);
		assertThat(tokenPoint.getAttributesList()).anyMatch((kv) -> kv.getKey().equals("gen_ai.request.model")
				&& kv.getValue().getStringValue().equals("gpt-4o"));
		assertThat(tokenPoint.getAttributesList()).anyMatch((kv) -> kv.getKey().equals("gen_ai.system")
				&& kv.getValue().getStringValue().equals("openai"));
		assertThat(LlmSpans.metric(this.receiver, "gen_ai.client.operation.duration").getExponentialHistogram()
			.getDataPoints(0).getCount()).isEqualTo(1);
	}

	@Test
	void byDefaultMessagesFollowTheGenAiConventionsAndRequestDataKeepsOnlyTheModel() {
		this.model.reply("{\"label\": \"positive\"}").usage(21, 9);
		String[] answer = new String[1];
		runner(this.receiver).withPropertyValues("logfire.llm.semconv-versions=latest")
			.run((context) -> answer[0] = post(context, "/v1/chat/completions", chatRequest("gpt-4o", false)));
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(json(span, "gen_ai.input.messages")).isEqualTo(JSON.readTree("""
				[{"role": "system", "parts": [{"type": "text", "content": "%s"}]},
				 {"role": "user", "parts": [{"type": "text", "content": "%s"}]}]
				""".formatted(SYSTEM_PROMPT, USER_PROMPT)));
		assertThat(json(span, "gen_ai.output.messages")).isEqualTo(JSON.readTree("""
				[{"role": "assistant", "parts": [{"type": "text", "content": "{\\"label\\": \\"positive\\"}"}],
				  "finish_reason": "stop"}]
				"""));
		assertThat(span.attribute("gen_ai.system_instructions")).isNull();
		assertThat(json(span, "request_data")).isEqualTo(JSON.readTree("{\"model\": \"gpt-4o\"}"));
		assertThat(span.attribute("response_data")).isNull();
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(21L);
		assertThat(strings(span.attribute("gen_ai.response.finish_reasons"))).containsExactly("stop");
		JsonNode schema = json(span, "logfire.json_schema").path("properties");
		assertThat(schema.path("gen_ai.input.messages").path("type").asString()).isEqualTo("array");
		assertThat(schema.path("gen_ai.output.messages").path("type").asString()).isEqualTo("array");
		assertThat(schema.path("request_data").path("type").asString()).isEqualTo("object");
		assertThat(schema.has("response_data")).isFalse();
		assertThat(schema.has("gen_ai.system_instructions")).isFalse();
	}

	@Test
	void responsesApiInstructionsAreSystemInstructions() {
		runner(this.receiver).withPropertyValues("logfire.llm.semconv-versions=latest")
			.run((context) -> post(context, "/v1/responses", """
					{"model": "gpt-4o", "instructions": "Answer in French.", "input": "Bonjour?"}
					"""));
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(json(span, "gen_ai.system_instructions"))
			.isEqualTo(JSON.readTree("[{\"type\": \"text\", \"content\": \"Answer in French.\"}]"));
		assertThat(json(span, "gen_ai.input.messages"))
			.isEqualTo(JSON.readTree("[{\"role\": \"user\", \"parts\": [{\"type\": \"text\", \"content\": \"Bonjour?\"}]}]"));
		assertThat(json(span, "gen_ai.output.messages").path(0).path("role").asString()).isEqualTo("assistant");
		assertThat(json(span, "gen_ai.output.messages").path(0).path("parts").path(0).path("type").asString())
			.isEqualTo("text");
	}

	@Test
	void toolCallsAndToolResultsAreParts() {
		runner(this.receiver).withPropertyValues("logfire.llm.semconv-versions=latest")
			.run((context) -> post(context, "/v1/chat/completions", """
					{"model": "gpt-4o", "messages": [
					  {"role": "user", "content": "Weather in Paris?"},
					  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
					    "function": {"name": "weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
					  {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}]}
					"""));
		JsonNode input = json(llmSpans(this.receiver).get(0), "gen_ai.input.messages");
		assertThat(input.path(1)).isEqualTo(JSON.readTree("""
				{"role": "assistant", "parts": [{"type": "tool_call", "id": "call_1", "name": "weather",
				  "arguments": {"city": "Paris"}}]}
				"""));
		assertThat(input.path(2)).isEqualTo(JSON.readTree("""
				{"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_1", "response": "sunny"}]}
				"""));
	}

	/**
	 * Logfire's {@code logfire.metrics}: the tokens and cost of the calls inside a span, summed
	 * into it and into each ancestor, by model and token type; the LLM spans carry their own.
	 */
	@Test
	void tokensAndCostRollUpIntoTheAncestorSpans() {
		this.model.reply("positive").usage(21, 9);
		runner(this.receiver).withPropertyValues("logfire.llm.prices.gpt-4o.input-per-million=2.5",
				"logfire.llm.prices.gpt-4o.output-per-million=10")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				try (LogfireSpan request = logfire.span("handle request")) {
					try (LogfireSpan step = logfire.span("classify reviews")) {
						post(context, "/v1/chat/completions", chatRequest("gpt-4o", false));
						// Streamed: the usage arrives with the log written when the stream ends.
						post(context, "/v1/chat/completions", chatRequest("gpt-4o", true));
					}
					post(context, "/v1/chat/completions", chatRequest("gpt-4o", false));
				}
				this.receiver.awaitSpan((s) -> "handle request".equals(s.name()));
			});
		double callCost = 21 * 2.5 / 1_000_000 + 9 * 10.0 / 1_000_000;
		JsonNode outer = json(this.receiver.awaitSpan((s) -> "handle request".equals(s.name())), "logfire.metrics");
		assertThat(outer.path("gen_ai.client.token.usage").path("total").asLong()).isEqualTo(3 * 30);
		assertThat(outer.path("operation.cost").path("total").asDouble()).isCloseTo(3 * callCost, within(1e-12));
		JsonNode details = outer.path("gen_ai.client.token.usage").path("details");
		assertThat(details).hasSize(2);
		assertThat(details.path(0).path("attributes")).isEqualTo(JSON.readTree("""
				{"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o",
				 "gen_ai.response.model": "gpt-4o", "gen_ai.system": "openai", "gen_ai.token.type": "input"}
				"""));
		assertThat(details.path(0).path("total").asLong()).isEqualTo(3 * 21);
		assertThat(details.path(1).path("attributes").path("gen_ai.token.type").asString()).isEqualTo("output");
		assertThat(details.path(1).path("total").asLong()).isEqualTo(3 * 9);

		JsonNode inner = json(this.receiver.awaitSpan((s) -> "classify reviews".equals(s.name())), "logfire.metrics");
		assertThat(inner.path("gen_ai.client.token.usage").path("total").asLong()).isEqualTo(2 * 30);
		assertThat(inner.path("operation.cost").path("total").asDouble()).isCloseTo(2 * callCost, within(1e-12));

		ReceivedSpan call = llmSpans(this.receiver).stream()
			.filter((s) -> s.longValue("gen_ai.usage.input_tokens") != null)
			.findFirst()
			.orElseThrow();
		assertThat(json(call, "logfire.metrics").path("gen_ai.client.token.usage").path("total").asLong())
			.isEqualTo(30);
		// The log closing the stream carries its usage as attributes, not a roll-up.
		assertThat(this.receiver.awaitSpan((s) -> "log".equals(s.string("logfire.span_type")))
			.attribute("logfire.metrics")).isNull();
	}

	/**
	 * An API key in the query of an LLM call (Gemini's OpenAI-compatible endpoint takes
	 * {@code ?key=}) is redacted where the URL is read, by the same rules as every other HTTP
	 * span: it reaches neither the OTLP backend nor the console.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void apiKeyAndSignatureInTheQueryAreRedactedForOtlpAndConsole(CapturedOutput output) {
		String apiKey = "AIzaSyD3m0-n0t-a-real-key-4242";
		String signature = "f00dfacecafe1234";
		this.model.reply("positive");
		runner(this.receiver)
			.withPropertyValues("logfire.console.enabled=true", "logfire.console.verbose=true",
					"logfire.console.colors=never")
			.run((context) -> {
				post(context, "/v1beta/openai/chat/completions?key=" + apiKey + "&X-Goog-Signature=" + signature
						+ "&alt=json", chatRequest("gemini-2.5-flash", false));
				await().until(() -> output.getOut().contains("Chat Completion with 'gemini-2.5-flash'")
						&& output.getOut().contains("url.full"));
			});
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(span.string("url.full")).isEqualTo(this.model.baseUrl()
				+ "/v1beta/openai/chat/completions?key=REDACTED&X-Goog-Signature=REDACTED&alt=json");
		assertThat(LlmSpans.everything(this.receiver)).doesNotContain(apiKey).doesNotContain(signature);
		assertThat(output.getOut()).contains("key=REDACTED").doesNotContain(apiKey).doesNotContain(signature);
	}

	@Test
	void streamedChatSpanCoversTheRequestAndALogCarriesTheCombinedResponse() {
		this.model.reply("The review is mostly positive.").usage(30, 6);
		String[] body = new String[1];
		runner(this.receiver).run((context) -> body[0] = post(context, "/v1/chat/completions", chatRequest("gpt-4o-mini", true)));
		// The caller read the whole stream as sent.
		assertThat(body[0]).contains("\"content\":\"mostly \"").endsWith("data: [DONE]\n\n");

		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(llmSpans(this.receiver)).hasSize(1);
		assertThat(span.string("logfire.msg")).isEqualTo("Chat Completion with 'gpt-4o-mini'");
		assertThat(span.longValue("http.response.status_code")).isEqualTo(200L);
		assertThat(span.attribute("gen_ai.usage.input_tokens")).isNull();

		ReceivedSpan log = this.receiver.awaitSpan((s) -> "log".equals(s.string("logfire.span_type")));
		assertThat(log.parentSpanId()).isEqualTo(span.spanId());
		assertThat(log.string("logfire.msg")).startsWith("streaming response from 'gpt-4o-mini' took ")
			.endsWith("s");
		assertThat(LlmSpans.tags(log)).containsExactly("LLM");
		assertThat(log.longValue("gen_ai.usage.input_tokens")).isEqualTo(30L);
		assertThat(log.longValue("gen_ai.usage.output_tokens")).isEqualTo(6L);
		assertThat(strings(log.attribute("gen_ai.response.finish_reasons"))).containsExactly("stop");
		assertThat(log.string("gen_ai.response.id")).startsWith("chatcmpl-stream-");
		JsonNode data = json(log, "response_data");
		assertThat(data.path("message").path("content").asString()).isEqualTo("The review is mostly positive.");
		assertThat(data.path("usage").path("completion_tokens").asInt()).isEqualTo(6);
		double expectedCost = 30 * 0.15 / 1_000_000 + 6 * 0.60 / 1_000_000; // gpt-4o-mini's list price
		assertThat(doubleValue(log, "operation.cost")).isCloseTo(expectedCost, within(1e-12));
		assertThat(LlmSpans.tokenSum(this.receiver, "input")).isEqualTo(30);
		assertThat(LlmSpans.costSum(this.receiver)).isCloseTo(expectedCost, within(1e-12));
	}

	@Test
	void embeddingsAreRecordedWithUsageAndBuiltInPrice() {
		this.model.usage(8, 0);
		runner(this.receiver).run((context) -> post(context, "/v1/embeddings", "{\"model\": \"text-embedding-3-small\", \"input\": [\"great product\", \"awful service\"]}"));
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(span.string("logfire.msg")).isEqualTo("Embedding Creation with 'text-embedding-3-small'");
		assertThat(span.string("gen_ai.operation.name")).isEqualTo("embeddings");
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(8L);
		assertThat(span.attribute("gen_ai.usage.output_tokens")).isNull();
		assertThat(doubleValue(span, "operation.cost")).isCloseTo(8 * 0.02 / 1_000_000, within(1e-15));
		assertThat(json(span, "request_data").path("input").path(1).asString()).isEqualTo("awful service");
		assertThat(json(span, "response_data").path("usage").path("prompt_tokens").asInt()).isEqualTo(8);
		assertThat(span.string("response_data")).doesNotContain("embedding");
	}

	@Test
	void responsesApiIsRecorded() {
		this.model.reply("Positive.").usage(12, 3);
		runner(this.receiver).run((context) -> post(context, "/v1/responses", "{\"model\": \"gpt-4.1-mini\", \"input\": \"Classify: I love it\", \"max_output_tokens\": 20}"));
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(span.string("logfire.msg")).isEqualTo("Responses API with 'gpt-4.1-mini'");
		assertThat(span.longValue("gen_ai.request.max_tokens")).isEqualTo(20L);
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(12L);
		assertThat(span.longValue("gen_ai.usage.output_tokens")).isEqualTo(3L);
		assertThat(strings(span.attribute("gen_ai.response.finish_reasons"))).containsExactly("completed");
		assertThat(json(span, "response_data").path("output").path(0).path("content").path(0).path("text").asString())
			.isEqualTo("Positive.");
		assertThat(doubleValue(span, "operation.cost")).isCloseTo(12 * 0.40 / 1e6 + 3 * 1.60 / 1e6, within(1e-12));
	}

	@Test
	void azureDeploymentNamesTheModelWhenTheBodyDoesNot() {
		runner(this.receiver).run((context) -> post(context, "/openai/deployments/reviews-gpt4o/chat/completions?api-version=2024-10-21", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"));
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(span.string("logfire.msg")).isEqualTo("Chat Completion with 'reviews-gpt4o'");
		assertThat(span.string("gen_ai.system")).isEqualTo("azure.ai.openai");
		assertThat(span.string("url.full")).endsWith("?api-version=2024-10-21");
	}

	@Test
	void errorAnswerIsAnErrorSpanAndTheCallerStillGetsTheError() {
		this.model.failNext(new OpenAiCompatibleServer.Error(429, "requests", "rate_limit_exceeded",
				"Rate limit reached for gpt-4o"));
		runner(this.receiver).run((context) -> assertThatExceptionOfType(HttpClientErrorException.TooManyRequests.class)
			.isThrownBy(() -> post(context, "/v1/chat/completions", chatRequest("gpt-4o", false)))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains("Rate limit reached for gpt-4o")));
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		assertThat(span.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(span.longValue("logfire.level_num")).isEqualTo(17L);
		assertThat(span.string("error.type")).isEqualTo("rate_limit_exceeded");
		assertThat(span.longValue("http.response.status_code")).isEqualTo(429L);
		assertThat(json(span, "response_data").path("error").path("message").asString())
			.isEqualTo("Rate limit reached for gpt-4o");
		assertThat(span.attribute("operation.cost")).isNull();
	}

	@Test
	void serverErrorAndConnectionFailureAreErrors() {
		this.model.failNext(new OpenAiCompatibleServer.Error(500, "server_error", null, "The server had an error"));
		runner(this.receiver).run((context) -> {
			RestClient client = client(context);
			assertThatExceptionOfType(org.springframework.web.client.HttpServerErrorException.class)
				.isThrownBy(() -> post(client, "/v1/chat/completions", chatRequest("gpt-4o", false)));
			RestClient unreachable = context.getBean(RestClient.Builder.class).baseUrl("http://127.0.0.1:1").build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> post(unreachable, "/v1/chat/completions", chatRequest("gpt-4o", false)));
		});
		List<ReceivedSpan> spans = llmSpans(this.receiver);
		assertThat(spans).hasSize(2);
		ReceivedSpan serverError = spans.stream().filter((s) -> s.attribute("http.response.status_code") != null)
			.findFirst().orElseThrow();
		assertThat(serverError.string("error.type")).isEqualTo("server_error");
		assertThat(serverError.longValue("logfire.level_num")).isEqualTo(17L);
		ReceivedSpan refused = spans.stream().filter((s) -> s.attribute("http.response.status_code") == null)
			.findFirst().orElseThrow();
		assertThat(refused.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(refused.span().getEventsList()).anyMatch((event) -> event.getName().equals("exception"));
		assertThat(refused.string("error.type")).contains("ConnectException");
	}

	@Test
	void contentOffKeepsParametersAndUsageButNoPromptOrCompletion() {
		this.model.reply("A secret completion nobody should store.");
		runner(this.receiver).withPropertyValues("logfire.llm.record-content=false").run((context) -> {
			RestClient client = client(context);
			post(client, "/v1/chat/completions", chatRequest("gpt-4o", false));
			post(client, "/v1/chat/completions", chatRequest("gpt-4o", true));
		});
		this.receiver.awaitSpan((s) -> "log".equals(s.string("logfire.span_type")));
		String everything = LlmSpans.everything(this.receiver);
		assertThat(everything).doesNotContain(USER_PROMPT).doesNotContain(SYSTEM_PROMPT)
			.doesNotContain("secret completion");
		ReceivedSpan span = llmSpans(this.receiver).get(0);
		JsonNode request = json(span, "request_data");
		assertThat(request.path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(request.path("messages").path(1).path("role").asString()).isEqualTo("user");
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(21L);
		assertThat(json(span, "response_data").path("usage").path("completion_tokens").asInt()).isEqualTo(9);
	}

	@Test
	void otherCallsKeepTheirHttpSpanAndTheLlmSpanNestsInTheCurrentTrace() {
		runner(this.receiver).run((context) -> {
			RestClient client = client(context);
			try (LogfireSpan parent = context.getBean(Logfire.class).span("classify reviews")) {
				post(client, "/v1/chat/completions", chatRequest("gpt-4o", false));
				client.get().uri("/v1/models").retrieve().toBodilessEntity();
			}
			catch (HttpClientErrorException.NotFound expected) {
				// the test server has no model list: the call still has its HTTP span
			}
		});
		ReceivedSpan parent = this.receiver.awaitSpanNamed("classify reviews");
		ReceivedSpan llm = llmSpans(this.receiver).get(0);
		assertThat(llm.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(llmSpans(this.receiver)).hasSize(1);
		ReceivedSpan models = this.receiver.awaitSpan((s) -> s.span().getKind() == SpanKind.SPAN_KIND_CLIENT
				&& !LlmSpans.tags(s).contains("LLM"));
		assertThat(models.parentSpanId()).isEqualTo(parent.spanId());
	}

	@Test
	void callInsideAnotherLlmSpanIsNotRecordedTwice() {
		runner(this.receiver).run((context) -> {
			LlmTelemetry telemetry = context.getBean(LlmTelemetry.class);
			LlmCall outer = new LlmCall(LlmOperation.CHAT, "mistral");
			outer.requestModel = "mistral-small";
			Span span = telemetry.startSpan(outer, io.opentelemetry.context.Context.current());
			try (var scope = LlmTelemetry.markLlmCall(io.opentelemetry.context.Context.current().with(span))
				.makeCurrent()) {
				post(context, "/v1/chat/completions", chatRequest("mistral-small", false));
			}
			telemetry.endSpan(span, outer, System.nanoTime());
		});
		ReceivedSpan outer = llmSpans(this.receiver).get(0);
		assertThat(llmSpans(this.receiver)).hasSize(1);
		// The HTTP call keeps Boot's client span, inside the model call's span.
		ReceivedSpan http = this.receiver.awaitSpan((s) -> !LlmSpans.tags(s).contains("LLM"));
		assertThat(http.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(http.parentSpanId()).isEqualTo(outer.spanId());
	}

	@Test
	void interceptorsAddedByOthersRunInsideTheLlmSpan() {
		runner(this.receiver).withUserConfiguration(InnerSpanInterceptorConfiguration.class)
			.run((context) -> post(context, "/v1/chat/completions", chatRequest("gpt-4o", false)));
		ReceivedSpan inner = this.receiver.awaitSpanNamed("inner client span");
		assertThat(inner.parentSpanId()).isEqualTo(llmSpans(this.receiver).get(0).spanId());
	}

	@Test
	void disabledLeavesCallsAlone() {
		runner(this.receiver).withPropertyValues("logfire.llm.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LlmTelemetry.class);
			post(context, "/v1/chat/completions", chatRequest("gpt-4o", false));
		});
		assertThat(llmSpans(this.receiver)).isEmpty();
		assertThat(this.receiver.awaitSpan((s) -> s.span().getKind() == SpanKind.SPAN_KIND_CLIENT)).isNotNull();
	}

	/**
	 * Prompts and completions are span attributes, so they leave the process only through the
	 * span pipeline's {@link SpanSanitizer}: secrets planted in a prompt never reach the backend.
	 */
	@Nested
	class Scrubbing {

		private static final String PROMPT = "Summarise: my api_key=sk-live-0123456789abcdef and my password is hunter2";

		private void callWithSecretPrompt(ApplicationContext context) {
			for (boolean stream : new boolean[] { false, true }) {
				post(context, "/v1/chat/completions", "{\"model\": \"gpt-4o\", \"stream\": " + stream
						+ ", \"messages\": [{\"role\": \"user\", \"content\": \"" + PROMPT + "\"}]}");
			}
		}

		@Test
		void llmContentGoesThroughTheConfiguredSanitizer() {
			LlmRestClientTest.this.model.reply("Your password hunter2 is weak.");
			runner(LlmRestClientTest.this.receiver).withUserConfiguration(MaskingSanitizerConfiguration.class)
				.run(this::callWithSecretPrompt);
			LlmRestClientTest.this.receiver.awaitSpan((s) -> "log".equals(s.string("logfire.span_type")));
			String everything = LlmSpans.everything(LlmRestClientTest.this.receiver);
			assertThat(everything).doesNotContain("hunter2").contains("[masked]");
			// The prompt reached the model unchanged: only telemetry is sanitized.
			assertThat(LlmRestClientTest.this.model.requests().get(0).body().toString()).contains("hunter2");
		}

		/** With the starter's own scrubbing (the default patterns include api_key and password). */
		@Test
		void defaultScrubbingRemovesSecretsFromPromptsAndCompletions() {
			LlmRestClientTest.this.model.reply("Your password hunter2 is weak.");
			runner(LlmRestClientTest.this.receiver).run((context) -> {
				assertThat(context).hasSingleBean(SpanSanitizer.class);
				callWithSecretPrompt(context);
			});
			ReceivedSpan streamEnd = LlmRestClientTest.this.receiver
				.awaitSpan((s) -> "log".equals(s.string("logfire.span_type")));
			String everything = LlmSpans.everything(LlmRestClientTest.this.receiver);
			assertThat(everything).doesNotContain("sk-live-0123456789abcdef").doesNotContain("hunter2");
			// What is left says which pattern matched: the prompt in both calls, streamed or not ...
			List<ReceivedSpan> calls = llmSpans(LlmRestClientTest.this.receiver);
			assertThat(calls).hasSize(2);
			for (ReceivedSpan call : calls) {
				assertThat(json(call, "gen_ai.input.messages").path(0).path("parts").path(0).path("content").asString())
					.isEqualTo("[Scrubbed due to 'api_key']");
			}
			// ... the completion on the plain call's span and on the log that closes the stream.
			ReceivedSpan plain = calls.stream()
				.filter((call) -> call.attribute("gen_ai.output.messages") != null)
				.findFirst()
				.orElseThrow();
			assertThat(json(plain, "gen_ai.output.messages").path(0).path("parts").path(0).path("content").asString())
				.isEqualTo("[Scrubbed due to 'password']");
			assertThat(json(streamEnd, "response_data").path("message").path("content").asString())
				.isEqualTo("[Scrubbed due to 'password']");
		}

		@Configuration(proxyBeanMethods = false)
		static class MaskingSanitizerConfiguration {

			/** Masks one known secret in every string attribute, JSON texts included. */
			@Bean
			SpanSanitizer maskingSanitizer() {
				return (span) -> new DelegatingSpanData(span) {

					@Override
					public Attributes getAttributes() {
						AttributesBuilder builder = Attributes.builder();
						span.getAttributes().forEach((key, value) -> {
							if (value instanceof String text) {
								builder.put(AttributeKey.stringKey(key.getKey()), text.replace("hunter2", "[masked]"));
							}
							else {
								putTyped(builder, key, value);
							}
						});
						return builder.build();
					}

				};
			}

			@SuppressWarnings("unchecked")
			private static <T> void putTyped(AttributesBuilder builder, AttributeKey<T> key, Object value) {
				builder.put(key, (T) value);
			}

		}

	}

	/** Another interceptor, added by a customizer that runs after ours, as the HTTP client instrumentation may. */
	@Configuration(proxyBeanMethods = false)
	static class InnerSpanInterceptorConfiguration {

		@Bean
		RestClientCustomizer innerSpanCustomizer(OpenTelemetry openTelemetry) {
			return (builder) -> builder.requestInterceptor((request, body, execution) -> {
				Span span = openTelemetry.getTracer("test").spanBuilder("inner client span").startSpan();
				try (var scope = span.makeCurrent()) {
					return execution.execute(request, body);
				}
				finally {
					span.end();
				}
			});
		}

	}


}
