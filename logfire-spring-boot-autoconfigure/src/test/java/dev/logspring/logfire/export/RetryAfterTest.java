package dev.logspring.logfire.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

	private final Clock clock = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

	@Test
	void readsSecondsAndHttpDates() {
		assertThat(RetryAfter.parse("120", this.clock)).isEqualTo(Duration.ofSeconds(120));
		assertThat(RetryAfter.parse("Sun, 01 Jun 2025 10:00:30 GMT", this.clock)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void pastDatesMeanNowAndNonsenseMeansNothing() {
		assertThat(RetryAfter.parse("Sun, 01 Jun 2025 09:00:00 GMT", this.clock)).isZero();
		assertThat(RetryAfter.parse("-5", this.clock)).isZero();
		assertThat(RetryAfter.parse("soon", this.clock)).isNull();
		assertThat(RetryAfter.parse(null, this.clock)).isNull();
	}

}
