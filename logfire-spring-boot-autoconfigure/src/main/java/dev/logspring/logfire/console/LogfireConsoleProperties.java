package dev.logspring.logfire.console;

import dev.logspring.logfire.api.Level;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Console output under {@code logfire.console.*}: the embedded default, showing spans and logs
 * the way Logfire's console does.
 */
@ConfigurationProperties("logfire.console")
public class LogfireConsoleProperties {

	/** Whether spans and logs are printed on the console (LOGFIRE_CONSOLE). */
	private boolean enabled = true;

	/** Colours: auto (when a terminal is attached), always or never. */
	private Colors colors = Colors.AUTO;

	/** Lowest level printed. */
	private Level minLevel = Level.INFO;

	/** Print attributes and the code location under each line. */
	private boolean verbose;

	/** Stream written to: stdout or stderr. */
	private Output output = Output.STDOUT;

	/** Start each line with the time (HH:mm:ss.SSS). */
	private boolean includeTimestamps = true;

	/** Most lines waiting to be printed; beyond it lines are dropped rather than slowing the application. */
	private int maxQueuedLines = 10_000;

	public enum Colors {

		AUTO, ALWAYS, NEVER

	}

	public enum Output {

		STDOUT, STDERR

	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Colors getColors() {
		return this.colors;
	}

	public void setColors(Colors colors) {
		this.colors = colors;
	}

	public Level getMinLevel() {
		return this.minLevel;
	}

	public void setMinLevel(Level minLevel) {
		this.minLevel = minLevel;
	}

	public boolean isVerbose() {
		return this.verbose;
	}

	public void setVerbose(boolean verbose) {
		this.verbose = verbose;
	}

	public Output getOutput() {
		return this.output;
	}

	public void setOutput(Output output) {
		this.output = output;
	}

	public boolean isIncludeTimestamps() {
		return this.includeTimestamps;
	}

	public void setIncludeTimestamps(boolean includeTimestamps) {
		this.includeTimestamps = includeTimestamps;
	}

	public int getMaxQueuedLines() {
		return this.maxQueuedLines;
	}

	public void setMaxQueuedLines(int maxQueuedLines) {
		this.maxQueuedLines = maxQueuedLines;
	}

}
