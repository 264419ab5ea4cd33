package dev.logspring.logfire.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an invalid {@code logfire.*} value into a startup report that names the property,
 * the value and what is accepted.
 */
class LogfireConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidLogfirePropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidLogfirePropertyException cause) {
		String description = "Logfire could not start: the property '" + cause.getProperty() + "' has the value '"
				+ cause.getValue() + "', which is not valid.";
		String action = "Set '" + cause.getProperty() + "' to " + cause.getAccepted()
				+ " (in application.yml, or through its environment variable).";
		return new FailureAnalysis(description, action, cause);
	}

}
