package dev.logspring.logfire.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks of {@code logfire.*} values where they are used, failing startup with Boot's
 * {@link InvalidConfigurationPropertyValueException}: the reason says what is accepted, and
 * {@code LogfireConfigurationFailureAnalyzer} reports it with where the value came from.
 */
public final class PropertyChecks {

	private PropertyChecks() {
	}

	/** Fails startup unless {@code value} is above 0. */
	public static void requirePositive(String property, int value) {
		if (value <= 0) {
			throw new InvalidConfigurationPropertyValueException(property, String.valueOf(value),
					"a whole number above 0");
		}
	}

	/** Fails startup unless {@code value} is a positive duration. */
	public static void requirePositive(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, String.valueOf(value),
					"a duration above 0 (e.g. 500ms, 5s)");
		}
	}

	/** Fails startup unless {@code value} is at least {@code minimum}. */
	public static void requireAtLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw new InvalidConfigurationPropertyValueException(property, String.valueOf(value),
					"a whole number of at least " + minimum);
		}
	}

	/** Fails startup unless {@code rate} is a share from 0.0 to 1.0. */
	public static void requireRate(String property, double rate) {
		if (!(rate >= 0.0 && rate <= 1.0)) {
			throw new InvalidConfigurationPropertyValueException(property, String.valueOf(rate),
					"a number from 0.0 to 1.0");
		}
	}

}
