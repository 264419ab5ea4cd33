package dev.logspring.logfire.logging;

import java.util.ArrayList;
import java.util.List;

import dev.logspring.logfire.api.Level;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Logs as Logfire logs under {@code logfire.logging.*}: Logback records become logs inside the
 * current span, and the MDC carries {@code trace_id} and {@code span_id}.
 */
@ConfigurationProperties("logfire.logging")
public class LogfireLoggingProperties {

	/** Whether Logback records become Logfire logs. */
	private boolean enabled = true;

	/** Lowest level of a record turned into a Logfire log: trace, debug, info, warn, error. */
	private Level minLevel = Level.INFO;

	/** Whether MDC entries of a record become attributes of its log. */
	private boolean captureMdc = true;

	/** Whether trace_id and span_id are put in the MDC while a span is current. */
	private boolean mdcCorrelation = true;

	/**
	 * Logger names (prefixes) never turned into Logfire logs, in addition to the starter's own
	 * and OpenTelemetry's.
	 */
	private List<String> excludedLoggers = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Level getMinLevel() {
		return this.minLevel;
	}

	public void setMinLevel(Level minLevel) {
		this.minLevel = minLevel;
	}

	public boolean isCaptureMdc() {
		return this.captureMdc;
	}

	public void setCaptureMdc(boolean captureMdc) {
		this.captureMdc = captureMdc;
	}

	public boolean isMdcCorrelation() {
		return this.mdcCorrelation;
	}

	public void setMdcCorrelation(boolean mdcCorrelation) {
		this.mdcCorrelation = mdcCorrelation;
	}

	public List<String> getExcludedLoggers() {
		return this.excludedLoggers;
	}

	public void setExcludedLoggers(List<String> excludedLoggers) {
		this.excludedLoggers = excludedLoggers;
	}

}
