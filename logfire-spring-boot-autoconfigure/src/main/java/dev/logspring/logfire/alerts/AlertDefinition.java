package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.util.List;

import dev.logspring.logfire.alerts.LogfireAlertsProperties.Comparison;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * One alert as configured under {@code logfire.alerts.<name>}, checked: every invalid value
 * stops startup with the property's name.
 */
record AlertDefinition(String name, AlertMetric metric, double threshold, Comparison comparison, Duration window,
		@Nullable String route, @Nullable String spanName, int minSamples, List<String> channels, Duration cooldown,
		String severity) {

	static AlertDefinition of(String name, LogfireAlertsProperties.Alert alert) {
		String prefix = "logfire.alerts." + name;
		AlertMetric metric = AlertMetric.parse(prefix, alert.getMetric(), alert.getAggregation());
		Double threshold = alert.getThreshold();
		if (threshold == null || threshold.isNaN() || threshold.isInfinite()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".threshold", String.valueOf(threshold),
					"a number (error_rate is a fraction such as 0.05, latencies are in milliseconds)");
		}
		Duration window = alert.getWindow();
		if (window == null || window.toMillis() < SlidingWindow.SLOTS) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".window", String.valueOf(window),
					"a duration of at least 20 ms, such as 60 (seconds), 60s or 5m");
		}
		if (alert.getMinSamples() < 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".min-samples", String.valueOf(alert.getMinSamples()),
					"a whole number of at least 1");
		}
		Duration cooldown = alert.getCooldown();
		if (cooldown == null || cooldown.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".cooldown", String.valueOf(cooldown),
					"a duration of 0 or more, such as 300 (seconds) or 5m");
		}
		List<String> channels = (alert.getChannels() != null) ? alert.getChannels().stream().map(String::trim).toList()
				: List.of();
		for (int i = 0; i < channels.size(); i++) {
			if (!StringUtils.hasText(channels.get(i))) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".channels[" + i + "]", channels.get(i),
						"the name of a notification channel");
			}
		}
		if (!StringUtils.hasText(alert.getSeverity())) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".severity", String.valueOf(alert.getSeverity()),
					"a severity such as critical, warning or info");
		}
		Comparison comparison = (alert.getComparison() != null) ? alert.getComparison() : Comparison.ABOVE;
		return new AlertDefinition(name, metric, threshold, comparison, window, trimToNull(alert.getRoute()),
				trimToNull(alert.getSpanName()), alert.getMinSamples(), List.copyOf(channels), cooldown,
				alert.getSeverity().trim());
	}

	private static @Nullable String trimToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

	String property() {
		return "logfire.alerts." + this.name;
	}

	/** "error rate above 5% over 1m", as people read the rule. */
	String rule() {
		return this.metric.describe() + " " + this.comparison.word() + " " + this.metric.format(this.threshold)
				+ " over " + Durations.describe(this.window);
	}

}
