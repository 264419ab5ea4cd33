package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Scrubbing of sensitive data under {@code logfire.scrubbing.*}: Logfire's default patterns
 * are always on while scrubbing is; users add their own.
 */
@ConfigurationProperties("logfire.scrubbing")
public class LogfireScrubbingProperties {

	/** Whether sensitive data is scrubbed from spans before they are printed or exported. */
	private boolean enabled = true;

	/**
	 * Regular expressions added to Logfire's default patterns, matched case-insensitively against
	 * attribute keys and string values (e.g. api_key, ssn, "sk-[a-z0-9]{20,}").
	 */
	private List<String> extraPatterns = new ArrayList<>();

	/** Same as extra-patterns, under the name the article uses (scrub_fields). */
	private List<String> scrubFields = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExtraPatterns() {
		return this.extraPatterns;
	}

	public void setExtraPatterns(List<String> extraPatterns) {
		this.extraPatterns = extraPatterns;
	}

	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "logfire.scrubbing.extra-patterns",
			reason = "The same setting as extra-patterns, under the name the article uses (scrub_fields).")
	public List<String> getScrubFields() {
		return this.scrubFields;
	}

	@Deprecated(since = "0.1.0")
	public void setScrubFields(List<String> scrubFields) {
		this.scrubFields = scrubFields;
	}

}
