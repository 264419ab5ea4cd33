package dev.logspring.logfire.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metric export under {@code logfire.metrics.*}.
 */
@ConfigurationProperties("logfire.metrics")
public class LogfireMetricsProperties {

	/** Interval between two metric exports (Logfire's default is 60 s). */
	private Duration exportInterval = Duration.ofSeconds(60);

	public Duration getExportInterval() {
		return this.exportInterval;
	}

	public void setExportInterval(Duration exportInterval) {
		this.exportInterval = exportInterval;
	}

}
