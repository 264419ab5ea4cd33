package dev.logspring.logfire.profiling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Hot methods of slow spans, under {@code logfire.profiling.*}: JDK Flight Recorder samples
 * running threads, and a span that lasts at least {@link #threshold} gets a log naming the
 * methods its thread was seen running most.
 */
@ConfigurationProperties("logfire.profiling")
public class LogfireProfilingProperties {

	/** Whether to sample threads with JDK Flight Recorder and report the hot methods of slow spans. */
	private boolean enabled;

	/** Spans lasting at least this long get their hot methods. */
	private Duration threshold = Duration.ofMillis(500);

	/** How often Flight Recorder samples each running Java thread (jdk.ExecutionSample period). */
	private Duration samplePeriod = Duration.ofMillis(20);

	/** Most methods listed per slow span. */
	private int maxFrames = 10;

	/**
	 * Samples kept per thread, the most recent ones; a span longer than this many periods is
	 * described by its last part only.
	 */
	private int maxSamplesPerThread = 1024;

	/** Threads whose samples are kept at once; the least recently sampled one is forgotten first. */
	private int maxThreads = 256;

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

	public Duration getSamplePeriod() {
		return this.samplePeriod;
	}

	public void setSamplePeriod(Duration samplePeriod) {
		this.samplePeriod = samplePeriod;
	}

	public int getMaxFrames() {
		return this.maxFrames;
	}

	public void setMaxFrames(int maxFrames) {
		this.maxFrames = maxFrames;
	}

	public int getMaxSamplesPerThread() {
		return this.maxSamplesPerThread;
	}

	public void setMaxSamplesPerThread(int maxSamplesPerThread) {
		this.maxSamplesPerThread = maxSamplesPerThread;
	}

	public int getMaxThreads() {
		return this.maxThreads;
	}

	public void setMaxThreads(int maxThreads) {
		this.maxThreads = maxThreads;
	}

}
