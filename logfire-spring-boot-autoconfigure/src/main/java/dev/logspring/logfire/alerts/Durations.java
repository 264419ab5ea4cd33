package dev.logspring.logfire.alerts;

import java.time.Duration;

/** Durations as people write them: 60s, 5m, 1h30m, 250ms. */
final class Durations {

	private Durations() {
	}

	static String describe(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 != 0 || millis == 0) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		StringBuilder text = new StringBuilder();
		if (seconds >= 3600) {
			text.append(seconds / 3600).append('h');
			seconds %= 3600;
		}
		if (seconds >= 60) {
			text.append(seconds / 60).append('m');
			seconds %= 60;
		}
		if (seconds > 0) {
			text.append(seconds).append('s');
		}
		return text.toString();
	}

}
