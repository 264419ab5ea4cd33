package dev.logspring.logfire.export;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Reads an HTTP {@code Retry-After} header: a number of seconds or an HTTP date.
 */
final class RetryAfter {

	private RetryAfter() {
	}

	/** The delay asked for, never negative; {@code null} when absent or unreadable. */
	static @Nullable Duration parse(@Nullable String value) {
		return parse(value, Clock.systemUTC());
	}

	static @Nullable Duration parse(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
		}
		catch (NumberFormatException ex) {
			// not seconds: an HTTP date
		}
		try {
			Duration until = Duration.between(clock.instant(),
					ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			return until.isNegative() ? Duration.ZERO : until;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
