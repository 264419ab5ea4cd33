package dev.logspring.logfire.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A value about to be scrubbed, as shown to a {@link ScrubbingCallback}.
 *
 * @param path where the value sits in the span, Logfire style: {@code ["attributes", "user", "password"]},
 * {@code ["otel_events", 0, "attributes", "exception.message"]}, {@code ["message", "card"]}
 * @param value the value that would be replaced: a string, a number, a boolean or a list
 * @param matchedText the text the pattern matched, in the key (for a key match) or in the value
 * @param pattern the pattern that matched, as configured
 * @param keyMatch whether the pattern matched the key (then the whole value is replaced) rather than the value
 */
public record ScrubMatch(List<Object> path, Object value, String matchedText, String pattern, boolean keyMatch) {

	/** The attribute or JSON key the value sits under, or null for a message part or an array element. */
	public @Nullable String key() {
		for (int i = this.path.size() - 1; i >= 0; i--) {
			if (this.path.get(i) instanceof String key) {
				return key;
			}
		}
		return null;
	}

}
