package dev.logspring.sample.llm;

import java.util.List;

import dev.logspring.logfire.testsupport.OpenAiCompatibleServer;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import dev.logspring.sample.SampleApplication;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 3 end to end: the demo's sentiment analysis, run by the real application against a
 * loopback OpenAI-compatible server, reaches an OTLP backend as one trace per review (the
 * traced method, the LLM span inside it) with the business metrics; without an endpoint the
 * demo explains how to configure one.
 */
@ExtendWith(OutputCaptureExtension.class)
class SentimentAnalysisTraceTest {

	@Test
	void eachReviewIsAnalysedInATraceWithItsLlmSpanAndMetrics() {
		try (OtlpReceiver receiver = new OtlpReceiver(); OpenAiCompatibleServer model = new OpenAiCompatibleServer()) {
			model.usage(55, 11).reply((request) -> {
				String review = request.path("messages").path(1).path("content").asString();
				return review.contains("love") ? "{\"label\": \"positive\", \"confidence\": 0.93}"
						: review.contains("broken") ? "```json\n{\"label\": \"Negative\", \"confidence\": 0.88}\n```"
								: "{\"label\": \"neutral\", \"confidence\": 0.61}";
			});
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
				.properties("logfire.otlp.endpoint=" + receiver.baseUrl(), "logfire.console.enabled=false",
						"demo.pipeline.enabled=false", "spring.main.web-application-type=none")
				.run("--demo.llm.base-url=" + model.baseUrl() + "/v1", "--demo.llm.api-key=sk-test-key",
						"--demo.llm.model=gpt-4o-mini")) {
				// The demo runner analysed the three reviews at startup.
				assertThat(model.requests()).hasSize(3);
			}
			assertThat(model.requests().get(0).path()).isEqualTo("/v1/chat/completions");
			assertThat(model.requests().get(0).header("Authorization")).isEqualTo("Bearer sk-test-key");
			assertThat(model.requests().get(0).body().path("messages").path(0).path("content").asString())
				.isEqualTo(SentimentAnalyzer.SYSTEM_PROMPT);

			List<ReceivedSpan> analyses = receiver.spans().stream()
				.filter((s) -> "Calling SentimentAnalyzer.analyze".equals(s.string("logfire.msg")))
				.toList();
			assertThat(analyses).hasSize(3);
			for (ReceivedSpan analysis : analyses) {
				ReceivedSpan llm = receiver.awaitSpan((s) -> s.parentSpanId().equals(analysis.spanId()));
				assertThat(llm.string("logfire.msg")).isEqualTo("Chat Completion with 'gpt-4o-mini'");
				assertThat(llm.longValue("gen_ai.usage.input_tokens")).isEqualTo(55L);
				assertThat(llm.string("gen_ai.input.messages")).contains(analysis.string("text"));
			}
			assertThat(receiver.spans()).noneMatch((s) -> s.span().getAttributesList().toString().contains("sk-test-key"));

			List<String> labels = receiver.spans().stream()
				.filter((s) -> "review judged {label} with confidence {confidence}".equals(s.name()))
				.map((s) -> s.string("label"))
				.toList();
			assertThat(labels).containsExactlyInAnyOrder("positive", "negative", "neutral");
			Metric confidence = receiver.metrics().stream()
				.filter((m) -> m.getName().equals("sentiment_analysis_confidence")).findFirst().orElseThrow();
			assertThat(confidence.getExponentialHistogram().getDataPointsList().stream().mapToDouble((p) -> p.getSum())
				.sum()).isCloseTo(0.93 + 0.88 + 0.61, org.assertj.core.api.Assertions.within(1e-9));
			assertThat(receiver.metrics()).extracting(Metric::getName)
				.contains("sentiment_positive", "sentiment_negative", "sentiment_neutral", "gen_ai.client.token.usage");
		}
	}

	@Test
	void withoutAnEndpointTheDemoSaysHowToEnableItAndSkips(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.properties("logfire.console.enabled=false", "demo.pipeline.enabled=false",
					"spring.main.web-application-type=none")
			.run("--demo.llm.base-url=")) {
			assertThat(output).contains("Scenario 3 (LLM sentiment analysis) skipped")
				.contains("DEMO_LLM_BASE_URL=https://api.openai.com/v1")
				.contains("DEMO_LLM_BASE_URL=http://localhost:11434/v1");
		}
	}

	@Test
	void answersAreParsedIntoTheTypedResult() {
		assertThat(SentimentAnalyzer.parse("{\"label\": \"POSITIVE\", \"confidence\": 1.4}"))
			.isEqualTo(new Sentiment("positive", 1.0));
		assertThat(SentimentAnalyzer.parse("Sure! {\"label\": \"sarcastic\", \"confidence\": 0.5}"))
			.isEqualTo(new Sentiment("neutral", 0.5));
	}

}
