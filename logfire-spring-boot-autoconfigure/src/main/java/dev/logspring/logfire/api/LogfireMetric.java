package dev.logspring.logfire.api;

import java.util.Map;

/**
 * A metric instrument obtained from {@link Logfire}: a counter or up-down counter adds the
 * value, a histogram records it, a gauge sets it. Attribute values are recorded as strings,
 * numbers or booleans.
 */
public interface LogfireMetric {

	default void record(double value) {
		record(value, Map.of());
	}

	void record(double value, Map<String, ?> attributes);

}
