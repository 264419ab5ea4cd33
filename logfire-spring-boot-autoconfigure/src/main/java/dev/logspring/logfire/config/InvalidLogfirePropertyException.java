package dev.logspring.logfire.config;

/**
 * A {@code logfire.*} property holds a value the starter cannot work with. Reported at startup
 * by {@link LogfireConfigurationFailureAnalyzer}.
 */
public class InvalidLogfirePropertyException extends RuntimeException {

	private final String property;

	private final String value;

	private final String accepted;

	public InvalidLogfirePropertyException(String property, String value, String accepted) {
		super("Invalid value '" + value + "' for property '" + property + "': expected " + accepted);
		this.property = property;
		this.value = value;
		this.accepted = accepted;
	}

	public String getProperty() {
		return this.property;
	}

	public String getValue() {
		return this.value;
	}

	public String getAccepted() {
		return this.accepted;
	}

}
