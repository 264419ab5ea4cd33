package dev.logspring.logfire.api;

import java.util.Locale;

/**
 * Logfire's levels, with the numbers Logfire stores in {@code logfire.level_num}.
 */
public enum Level {

	TRACE(1), DEBUG(5), INFO(9), NOTICE(10), WARN(13), ERROR(17), FATAL(21);

	private final int number;

	Level(int number) {
		this.number = number;
	}

	public int number() {
		return this.number;
	}

	public boolean isAtLeast(Level other) {
		return this.number >= other.number;
	}

	/** The level whose number is the highest not above {@code number} (unknown numbers round down). */
	public static Level fromNumber(long number) {
		Level result = TRACE;
		for (Level level : values()) {
			if (level.number <= number) {
				result = level;
			}
		}
		return result;
	}

	/**
	 * Parses a level name as users write it ({@code info}, {@code WARN}, {@code warning}).
	 * @throws IllegalArgumentException for unknown names
	 */
	public static Level parse(String name) {
		String normalized = name.trim().toUpperCase(Locale.ROOT);
		if (normalized.equals("WARNING")) {
			return WARN;
		}
		return valueOf(normalized);
	}

}
