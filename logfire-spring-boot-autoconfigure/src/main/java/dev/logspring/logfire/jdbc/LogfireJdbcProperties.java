package dev.logspring.logfire.jdbc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * JDBC statements and transactions as spans under {@code logfire.jdbc.*}.
 */
@ConfigurationProperties("logfire.jdbc")
public class LogfireJdbcProperties {

	/** Whether JDBC statements through Spring-managed DataSources become spans. */
	private boolean enabled = true;

	/**
	 * Whether SQL is recorded with its literal values (and bound parameter values when
	 * datasource-micrometer collects them). Off by default: literals are replaced by '?' and
	 * never leave the process.
	 */
	private boolean recordLiteralValues;

	/** Waits for a pooled connection at least this long are recorded as their own span. */
	private Duration connectionWaitThreshold = Duration.ofMillis(1);

	/** Whether each transaction (@Transactional) is a span around its statements. */
	private boolean transactions = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRecordLiteralValues() {
		return this.recordLiteralValues;
	}

	public void setRecordLiteralValues(boolean recordLiteralValues) {
		this.recordLiteralValues = recordLiteralValues;
	}

	public Duration getConnectionWaitThreshold() {
		return this.connectionWaitThreshold;
	}

	public void setConnectionWaitThreshold(Duration connectionWaitThreshold) {
		this.connectionWaitThreshold = connectionWaitThreshold;
	}

	public boolean isTransactions() {
		return this.transactions;
	}

	public void setTransactions(boolean transactions) {
		this.transactions = transactions;
	}

}
