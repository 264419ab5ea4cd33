package dev.logspring.logfire.llm;

import java.util.List;

import dev.logspring.logfire.testsupport.OpenAiCompatibleServer;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static dev.logspring.logfire.llm.LlmSpans.doubleValue;
import static dev.logspring.logfire.llm.LlmSpans.JSON;
import static dev.logspring.logfire.llm.LlmSpans.json;
import static dev.logspring.logfire.llm.LlmSpans.llmSpans;
import static dev.logspring.logfire.llm.LlmSpans.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.within;

/**
 * Spring AI's OpenAI chat and embedding models, auto-configured as in an application and
 * pointed at the loopback OpenAI-compatible server: each call is exactly one Logfire LLM span
 * (Spring AI's observation is traced by our handler, not also by Boot's default one).
 */
class LlmSpringAiTest {

	private static final OtlpReceiver receiver = new OtlpReceiver();

	private static final OpenAiCompatibleServer model = new OpenAiCompatibleServer();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(App.class).properties("spring.main.web-application-type=none",
				"logfire.console.enabled=false", "logfire.export.schedule-delay=50ms",
				"logfire.otlp.endpoint=" + receiver.baseUrl(), "logfire.metrics.export-interval=1h",
				"management.otlp.metrics.export.enabled=false", "spring.ai.openai.api-key=test-key", "spring.ai.openai.base-url=" + model.baseUrl() + "/v1",
				"spring.ai.openai.chat.options.model=gpt-4o-mini",
				"spring.ai.openai.embedding.options.model=text-embedding-3-small",
				// Both shapes: the older request_data and response_data are checked here too.
				"logfire.llm.semconv-versions=latest,1")
			.run();
	}

	@AfterAll
	static void stop() {
		context.close();
		receiver.close();
		model.close();
	}

	@BeforeEach
	void answer() {
		model.reply("{\"label\": \"negative\", \"confidence\": 0.7}").usage(40, 12).modelSuffix("-2024-07-18");
	}

	private static List<ReceivedSpan> spansOfTrace(String traceId) {
		return receiver.spans().stream().filter((s) -> s.traceId().equals(traceId)).toList();
	}

	/**
	 * The LLM span of the call whose request contains {@code prompt}, checking that it is the
	 * only span of its trace with gen_ai.operation.name (no second span for the same call).
	 */
	private static ReceivedSpan theOnlyModelSpan(String prompt) {
		ReceivedSpan llm = receiver.awaitSpan((s) -> LlmSpans.tags(s).contains("LLM")
				&& s.string("request_data").contains(prompt));
		List<ReceivedSpan> trace = spansOfTrace(llm.traceId());
		assertThat(trace.stream().filter((s) -> {
			String operation = s.string("gen_ai.operation.name");
			return "chat".equals(operation) || "embeddings".equals(operation);
		})).containsExactly(llm);
		return llm;
	}

	@Test
	void chatModelCallIsOneLlmSpanWithEveryAttribute() {
		ChatModel chatModel = context.getBean(ChatModel.class);
		ChatResponse response = chatModel.call(new Prompt(List.of(new SystemMessage("Classify the sentiment."),
				new UserMessage("Terrible battery life, returned it."))));
		assertThat(response.getResult().getOutput().getText()).contains("negative");

		ReceivedSpan span = theOnlyModelSpan("Terrible battery life");
		assertThat(span.string("logfire.msg")).isEqualTo("Chat Completion with 'gpt-4o-mini'");
		assertThat(span.name()).isEqualTo("Chat Completion with '{gen_ai.request.model}'");
		assertThat(span.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(span.string("gen_ai.system")).isEqualTo("openai");
		assertThat(span.string("gen_ai.provider.name")).isEqualTo("openai");
		assertThat(span.string("gen_ai.operation.name")).isEqualTo("chat");
		assertThat(span.string("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
		assertThat(span.string("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(span.string("gen_ai.response.id")).isEqualTo(response.getMetadata().getId());
		assertThat(strings(span.attribute("gen_ai.response.finish_reasons"))).containsExactly("stop");
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(40L);
		assertThat(span.longValue("gen_ai.usage.output_tokens")).isEqualTo(12L);
		assertThat(doubleValue(span, "operation.cost")).isCloseTo(40 * 0.15 / 1e6 + 12 * 0.60 / 1e6, within(1e-12));
		JsonNode request = json(span, "request_data");
		assertThat(request.path("messages").path(0).path("role").asString()).isEqualTo("system");
		assertThat(request.path("messages").path(1).path("content").asString())
			.isEqualTo("Terrible battery life, returned it.");
		assertThat(json(span, "response_data").path("message").path("content").asString())
			.isEqualTo(response.getResult().getOutput().getText());
		assertThat(json(span, "response_data").path("usage").path("prompt_tokens").asInt()).isEqualTo(40);
		assertThat(json(span, "gen_ai.input.messages").path(1)).isEqualTo(JSON.readTree(
				"{\"role\": \"user\", \"parts\": [{\"type\": \"text\", \"content\": \"Terrible battery life, returned it.\"}]}"));
		assertThat(json(span, "gen_ai.input.messages").path(0).path("role").asString()).isEqualTo("system");
		JsonNode output = json(span, "gen_ai.output.messages").path(0);
		assertThat(output.path("role").asString()).isEqualTo("assistant");
		assertThat(output.path("finish_reason").asString()).isEqualTo("stop");
		assertThat(output.path("parts").path(0).path("content").asString())
			.isEqualTo(response.getResult().getOutput().getText());
		assertThat(model.requests().get(model.requests().size() - 1).body().path("messages").path(1)
			.path("content").asString()).isEqualTo("Terrible battery life, returned it.");
	}

	@Test
	void chatClientCallIsOneLlmSpanUnderTheChatClientSpan() {
		ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
		String content = chatClient.prompt().system("Classify the sentiment.").user("Great value for money.")
			.call().content();
		assertThat(content).contains("negative");
		ReceivedSpan llm = theOnlyModelSpan("Great value for money.");
		ReceivedSpan parent = spansOfTrace(llm.traceId()).stream()
			.filter((s) -> s.spanId().equals(llm.parentSpanId())).findFirst().orElseThrow();
		assertThat(LlmSpans.tags(parent)).doesNotContain("LLM");
	}

	@Test
	void streamedChatIsOneSpanCoveringTheStreamWithTheCombinedResponse() {
		model.reply("Mixed feelings overall.");
		ChatModel chatModel = context.getBean(ChatModel.class);
		List<ChatResponse> chunks = chatModel.stream(new Prompt("Stream me a verdict on: meh."))
			.collectList()
			.block();
		assertThat(chunks).isNotEmpty();
		ReceivedSpan span = theOnlyModelSpan("Stream me a verdict");
		assertThat(json(span, "request_data").path("stream").asBoolean()).isTrue();
		assertThat(json(span, "response_data").path("message").path("content").asString())
			.isEqualTo("Mixed feelings overall.");
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(40L);
	}

	@Test
	void embeddingIsOneLlmSpan() {
		model.usage(5, 0);
		EmbeddingModel embeddingModel = context.getBean(EmbeddingModel.class);
		float[] vector = embeddingModel.embed("lovely");
		assertThat(vector).hasSize(3);
		ReceivedSpan span = theOnlyModelSpan("lovely");
		assertThat(span.string("logfire.msg")).isEqualTo("Embedding Creation with 'text-embedding-3-small'");
		assertThat(span.string("gen_ai.operation.name")).isEqualTo("embeddings");
		assertThat(span.longValue("gen_ai.usage.input_tokens")).isEqualTo(5L);
		assertThat(doubleValue(span, "operation.cost")).isCloseTo(5 * 0.02 / 1e6, within(1e-15));
		assertThat(json(span, "request_data").path("input").path(0).asString()).isEqualTo("lovely");
	}

	@Test
	void llmSpansAreTheOnlySpansWithModelAttributes() {
		context.getBean(ChatModel.class).call(new Prompt("One more."));
		theOnlyModelSpan("One more.");
		// Boot's default tracing handler would have named its span "chat gpt-4o-mini".
		assertThat(receiver.spans()).noneMatch((s) -> s.name().startsWith("chat "));
		assertThat(llmSpans(receiver)).allMatch((s) -> s.span().getKind() == SpanKind.SPAN_KIND_CLIENT);
	}

	@Test
	void failedCallIsAnErrorSpan() {
		model.failNext(new OpenAiCompatibleServer.Error(400, "invalid_request_error", "context_length_exceeded",
				"This model's maximum context length is 128000 tokens."));
		ChatModel chatModel = context.getBean(ChatModel.class);
		assertThatException().isThrownBy(() -> chatModel.call(new Prompt("A prompt far too long.")));
		ReceivedSpan span = theOnlyModelSpan("A prompt far too long.");
		assertThat(span.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(span.longValue("logfire.level_num")).isEqualTo(17L);
		assertThat(span.span().getEventsList()).anyMatch((event) -> event.getName().equals("exception"));
		assertThat(span.string("error.type")).isNotBlank();
		assertThat(span.attribute("gen_ai.usage.input_tokens")).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
