package dev.logspring.sample.llm;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in for an OpenAI chat-completions endpoint, served by the sample app itself so that
 * scenario 3 runs with no key and no network. It is not a model: it judges a review by a few
 * words, takes a moment to answer as a model would, and reports token counts in OpenAI's usage
 * shape, so that the LLM span, its tokens and cost, and the explorer's LLM panel have something
 * real to show. {@code DEMO_LLM_BASE_URL} points scenario 3 at a real model instead.
 */
@RestController
class StandInChatCompletions {

	static final String PATH = "/stand-in/v1";

	private static final List<String> POSITIVE = List.of("love", "great", "quiet", "fast", "excellent");

	private static final List<String> NEGATIVE = List.of("broken", "never", "bad", "late", "refund");

	@PostMapping(PATH + "/chat/completions")
	Map<String, Object> complete(@RequestBody JsonNode request) throws InterruptedException {
		String model = request.path("model").asString("gpt-4o-mini");
		StringBuilder prompt = new StringBuilder();
		request.path("messages").forEach((message) -> prompt.append(message.path("content").asString("")).append(' '));
		JsonNode last = request.path("messages").path(request.path("messages").size() - 1);
		String review = last.path("content").asString("").toLowerCase(Locale.ROOT);
		String answer = judge(review);
		// A model takes a while, longer for longer texts: the panel's latency columns have a spread.
		Thread.sleep(120 + 4L * review.length());
		int promptTokens = tokens(prompt.toString());
		int completionTokens = tokens(answer);
		return Map.of("id", "chatcmpl-stand-in-" + Long.toHexString(System.nanoTime()), "object", "chat.completion",
				"created", Instant.now().getEpochSecond(), "model", model, "system_fingerprint", "sample-app-stand-in",
				"choices",
				List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", answer), "finish_reason",
						"stop")),
				"usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens, "total_tokens",
						promptTokens + completionTokens));
	}

	private static String judge(String review) {
		long positive = POSITIVE.stream().filter(review::contains).count();
		long negative = NEGATIVE.stream().filter(review::contains).count();
		if (positive > negative) {
			return "{\"label\": \"positive\", \"confidence\": " + confidence(positive - negative) + "}";
		}
		if (negative > positive) {
			return "{\"label\": \"negative\", \"confidence\": " + confidence(negative - positive) + "}";
		}
		return "{\"label\": \"neutral\", \"confidence\": 0.6}";
	}

	private static double confidence(long margin) {
		return Math.min(0.95, 0.7 + 0.1 * margin);
	}

	/** About four characters a token, as OpenAI's tokenizers average on English text. */
	private static int tokens(String text) {
		return Math.max(1, (text.length() + 3) / 4);
	}

}
