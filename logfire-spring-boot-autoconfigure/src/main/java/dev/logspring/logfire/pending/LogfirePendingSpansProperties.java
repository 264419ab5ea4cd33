package dev.logspring.logfire.pending;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pending spans under {@code logfire.pending-spans.*}: the copies of running spans that
 * Logfire shows live.
 */
@ConfigurationProperties("logfire.pending-spans")
public class LogfirePendingSpansProperties {

	/** Whether a span still running after the threshold is shown in Logfire before it ends. */
	private boolean enabled = true;

	/**
	 * How long a span runs before its pending copy is sent; 0 sends one at every span's start,
	 * as Logfire's Python SDK does (one more exported span per span).
	 */
	private Duration threshold = Duration.ofMillis(500);

	/** Most running spans watched at once; beyond it, new spans get no pending copy. */
	private int maxOpenSpans = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getThreshold() {
		return this.threshold;
	}

	public void setThreshold(Duration threshold) {
		this.threshold = threshold;
	}

	public int getMaxOpenSpans() {
		return this.maxOpenSpans;
	}

	public void setMaxOpenSpans(int maxOpenSpans) {
		this.maxOpenSpans = maxOpenSpans;
	}

}
