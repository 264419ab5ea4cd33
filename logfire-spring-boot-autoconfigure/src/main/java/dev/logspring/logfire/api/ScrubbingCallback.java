package dev.logspring.logfire.api;

import org.jspecify.annotations.Nullable;

/**
 * Decides about each value the scrubber is about to replace, so that false positives can be
 * kept. Declare one as a bean:
 *
 * <pre>{@code
 * @Bean
 * ScrubbingCallback keepSessionCounts() {
 *     return (match) -> "session_count".equals(match.key()) ? match.value() : null;
 * }
 * }</pre>
 *
 * Called on the export and console threads, possibly concurrently: it must be thread-safe and
 * quick. An exception thrown by it is reported and the value is scrubbed.
 */
@FunctionalInterface
public interface ScrubbingCallback {

	/**
	 * @return {@code null} to scrub the value as usual, {@code match.value()} to keep it, or
	 * another value (its text is used) to put in its place
	 */
	@Nullable Object onMatch(ScrubMatch match);

}
