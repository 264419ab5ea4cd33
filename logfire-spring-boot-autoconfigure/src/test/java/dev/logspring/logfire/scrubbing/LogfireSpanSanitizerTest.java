package dev.logspring.logfire.scrubbing;

import java.util.List;
import java.util.Map;

import dev.logspring.logfire.internal.ExceptionFingerprint;
import dev.logspring.logfire.internal.LogfireAttributes;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sanitizer on spans recorded by a real SDK: messages with and without a template, and
 * failing closed.
 */
class LogfireSpanSanitizerTest {

	private final LogfireSpanSanitizer sanitizer = new LogfireSpanSanitizer(new Scrubber(List.of(), null), 4096,
			65536, 128);

	private static SpanData span(Map<String, Object> attributes) {
		return ScrubbingPropertiesTest.record(new PlantedSecrets.Recipe(List.copyOf(attributes.entrySet()), List.of(),
				List.of(), "boom", null, Map.of(), List.of()));
	}

	@Test
	void anHttpMessageWithoutTemplateKeepsEverythingButTheSecretParameter() {
		SpanData sanitized = this.sanitizer
			.sanitize(span(Map.of("logfire.msg", "GET /orders?page=2&api_key=abc123&sort=asc")));
		assertThat(sanitized.getAttributes().get(LogfireAttributes.MSG))
			.isEqualTo("GET /orders?page=2&api_key=[Scrubbed due to 'api_key']&sort=asc");
	}

	@Test
	void aTemplateValueIsScrubbedLikeTheAttributeOfItsName() {
		SpanData sanitized = this.sanitizer.sanitize(span(Map.of("logfire.msg_template", "GET /orders/{id} by {user}",
				"logfire.msg", "GET /orders/7?session=abc123 by alice", "id", "7?session=abc123", "user", "alice")));
		assertThat(sanitized.getAttributes().get(LogfireAttributes.MSG))
			.isEqualTo("GET /orders/[Scrubbed due to 'session'] by alice");
		assertThat(sanitized.getAttributes().get(LogfireAttributes.SCRUBBED))
			.contains("{\"path\":[\"message\",\"id\"],\"matched_substring\":\"session\"}");
	}

	@Test
	void aMessageEqualToItsTemplateIsTheDevelopersTextAndLeftAlone() {
		SpanData raw = span(Map.of("logfire.msg_template", "rotating the api key", "logfire.msg",
				"rotating the api key"));
		SpanData sanitized = this.sanitizer.sanitize(raw);
		assertThat(sanitized.getAttributes().get(LogfireAttributes.MSG)).isEqualTo("rotating the api key");
	}

	@Test
	void whenSanitizingFailsOnlySafeAttributesLeave() {
		SpanData raw = span(Map.of("logfire.span_type", "span", "password", "hunter2", "note", "fine"));
		SpanData broken = new DelegatingSpanData(raw) {

			@Override
			public List<EventData> getEvents() {
				throw new IllegalStateException("broken span data");
			}

		};
		SpanData sanitized = this.sanitizer.sanitize(broken);
		// The recorded exception's fingerprint is a hash of its type and stack: safe to leave.
		assertThat(sanitized.getAttributes().asMap()).hasSize(3)
			.containsKeys(LogfireAttributes.SPAN_TYPE, LogfireAttributes.LEVEL_NUM, ExceptionFingerprint.KEY);
		assertThat(sanitized.getEvents()).isEmpty();
		assertThat(sanitized.getStatus().getDescription()).isEmpty();
	}

}
