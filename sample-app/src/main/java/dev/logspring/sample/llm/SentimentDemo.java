package dev.logspring.sample.llm;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs scenario 3 once at startup against the configured OpenAI-compatible endpoint, or else the
 * stand-in the application serves itself (and says so); with neither, says how to configure one.
 */
@Component
@Order(3)
@ConditionalOnBooleanProperty(name = "demo.llm.enabled", matchIfMissing = true)
class SentimentDemo implements ApplicationRunner {

	static final List<String> REVIEWS = List.of("I love this coffee grinder, it is quiet and fast.",
			"The package arrived broken and support never answered.",
			"It works. Nothing special, nothing wrong.");

	private final SentimentAnalyzer analyzer;

	private final Logfire logfire;

	private final PrintStream out;

	SentimentDemo(SentimentAnalyzer analyzer, Logfire logfire) {
		this.analyzer = analyzer;
		this.logfire = logfire;
		this.out = System.out;
	}

	@Override
	public void run(ApplicationArguments args) {
		String baseUrl = this.analyzer.baseUrl();
		if (baseUrl == null) {
			this.out.println("""
					Scenario 3 (LLM sentiment analysis) skipped: no model endpoint configured, and no web server
					to serve the stand-in. To run it, set
					  DEMO_LLM_BASE_URL=https://api.openai.com/v1 DEMO_LLM_API_KEY=sk-...           (OpenAI), or
					  DEMO_LLM_BASE_URL=http://localhost:11434/v1 DEMO_LLM_MODEL=llama3.2          (local Ollama)
					and start the sample app again.""");
			return;
		}
		if (this.analyzer.usesStandIn()) {
			this.out.println("Scenario 3 (LLM sentiment analysis) runs against a STAND-IN chat-completions endpoint "
					+ "served by this app at " + baseUrl + " (not a model: no key, no network; its answers come "
					+ "from a few keywords). Set DEMO_LLM_BASE_URL (and DEMO_LLM_API_KEY) to call a real model.");
		}
		for (String review : REVIEWS) {
			try {
				Sentiment sentiment = this.analyzer.analyze(review);
				this.logfire.info("review judged {label} with confidence {confidence}",
						Map.of("label", sentiment.label(), "confidence", sentiment.confidence()));
			}
			catch (RuntimeException ex) {
				// A wrong key or an unreachable server must not stop the demo: it is recorded instead.
				this.logfire.exception("sentiment analysis failed", ex);
			}
		}
	}

}
