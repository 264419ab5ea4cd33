package dev.logspring.logfire.llm;

import dev.logspring.logfire.pipeline.SpanSanitizer;
import dev.logspring.logfire.testsupport.OpenAiCompatibleServer;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Prompts and completions are span attributes, so they leave the process only through the span
 * pipeline's {@link SpanSanitizer}: secrets planted in a prompt never reach the backend.
 */
class LlmContentScrubbingTest {

	private static final String PROMPT = "Summarise: my api_key=sk-live-0123456789abcdef and my password is hunter2";

	private final OtlpReceiver receiver = new OtlpReceiver();

	private final OpenAiCompatibleServer model = new OpenAiCompatibleServer();

	@AfterEach
	void stop() {
		this.receiver.close();
		this.model.close();
	}

	private void callWithSecretPrompt(ApplicationContext context) {
		RestClient client = context.getBean(RestClient.Builder.class).baseUrl(this.model.baseUrl()).build();
		for (boolean stream : new boolean[] { false, true }) {
			client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"model\": \"gpt-4o\", \"stream\": " + stream + ", \"messages\": [{\"role\": \"user\", \"content\": \""
						+ PROMPT + "\"}]}")
				.retrieve()
				.body(String.class);
		}
	}

	@Test
	void llmContentGoesThroughTheConfiguredSanitizer() {
		this.model.reply("Your password hunter2 is weak.");
		LlmRestClientTest.runner(this.receiver).withUserConfiguration(MaskingSanitizerConfiguration.class)
			.run(this::callWithSecretPrompt);
		this.receiver.awaitSpan((s) -> "log".equals(s.string("logfire.span_type")));
		String everything = LlmSpans.everything(this.receiver);
		assertThat(everything).doesNotContain("hunter2").contains("[masked]");
		// The prompt reached the model unchanged: only telemetry is sanitized.
		assertThat(this.model.requests().get(0).body().toString()).contains("hunter2");
	}

	/**
	 * With the starter's own scrubbing (the default patterns include api_key and password).
	 * Runs once a {@link SpanSanitizer} is part of the default configuration (the scrubbing
	 * feature); skipped, saying so, while the pipeline has none.
	 */
	@Test
	void defaultScrubbingRemovesSecretsFromPromptsAndCompletions() {
		this.model.reply("Your password hunter2 is weak.");
		LlmRestClientTest.runner(this.receiver).run((context) -> {
			assumeThat(context.getBeanProvider(SpanSanitizer.class).getIfAvailable())
				.as("the default configuration has no SpanSanitizer yet (scrubbing feature not merged)")
				.isNotNull();
			callWithSecretPrompt(context);
		});
		this.receiver.awaitSpan((s) -> "log".equals(s.string("logfire.span_type")));
		String everything = LlmSpans.everything(this.receiver);
		assertThat(everything).doesNotContain("sk-live-0123456789abcdef").doesNotContain("hunter2");
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
