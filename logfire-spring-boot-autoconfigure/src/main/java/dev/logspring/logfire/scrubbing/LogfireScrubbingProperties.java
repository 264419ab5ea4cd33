package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scrubbing of sensitive data under {@code logfire.scrubbing.*}: Logfire's default patterns
 * are always on while scrubbing is; users add their own.
 */
@ConfigurationProperties("logfire.scrubbing")
public class LogfireScrubbingProperties implements InitializingBean {

	/** Whether sensitive data is scrubbed from spans before they are printed or exported. */
	private boolean enabled = true;

	/**
	 * Regular expressions added to Logfire's default patterns, matched case-insensitively against
	 * attribute keys and string values (e.g. api_key, ssn, "sk-[a-z0-9]{20,}").
	 */
	private List<String> extraPatterns = new ArrayList<>();

	/** Same as extra-patterns, under the name the article uses (scrub_fields). */
	private List<String> scrubFields = new ArrayList<>();

	@Override
	public void afterPropertiesSet() {
		validate("logfire.scrubbing.extra-patterns", this.extraPatterns);
		validate("logfire.scrubbing.scrub-fields", this.scrubFields);
	}

	private static void validate(String property, List<String> patterns) {
		for (int i = 0; i < patterns.size(); i++) {
			String error = Scrubber.validatePattern(patterns.get(i));
			if (error != null) {
				// "sk-[a-z0-9]{12,}" in a comma-separated value arrives cut in two.
				String hint = patterns.get(i).matches(".*\\{\\d*$")
						? "; a comma splits a list value: write such a pattern as a YAML list item or as " + property
								+ "[" + i + "]=..."
						: "";
				throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", patterns.get(i),
						"a Java regular expression (" + error + hint + ")");
			}
		}
	}

	/** Extra patterns from both names. */
	public List<String> allExtraPatterns() {
		List<String> all = new ArrayList<>(this.extraPatterns);
		all.addAll(this.scrubFields);
		return all;
	}

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

	public List<String> getScrubFields() {
		return this.scrubFields;
	}

	public void setScrubFields(List<String> scrubFields) {
		this.scrubFields = scrubFields;
	}

}
