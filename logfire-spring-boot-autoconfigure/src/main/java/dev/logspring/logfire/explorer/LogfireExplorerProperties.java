package dev.logspring.logfire.explorer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The local explorer under {@code logfire.explorer.*}: recent spans kept in an embedded DuckDB
 * database, queried with SQL and shown on a dashboard served by the application.
 */
@ConfigurationProperties("logfire.explorer")
public class LogfireExplorerProperties {

	/**
	 * Whether spans are kept for the explorer. Unset: on when spans are not sent to Logfire (no
	 * token) and DuckDB (org.duckdb:duckdb_jdbc) is on the classpath.
	 */
	private Boolean enabled;

	/** Path of the dashboard; its JSON API lives under {path}/api. */
	private String path = "/logfire";

	/**
	 * Whether the dashboard and SQL endpoint answer requests from other machines. Off: only
	 * loopback clients (also behind a proxy's X-Forwarded-For / Forwarded headers) are served.
	 */
	private boolean allowRemote;

	private final Retention retention = new Retention();

	private final Query query = new Query();

	public static class Retention {

		/** Most spans kept; the oldest are deleted first. */
		private int maxSpans = 200_000;

		/** Spans older than this (by start time) are deleted. */
		private Duration maxAge = Duration.ofHours(2);

		/** Most memory the stored spans may take; the oldest are deleted to stay below it. */
		private DataSize maxSize = DataSize.ofMegabytes(256);

		public int getMaxSpans() {
			return this.maxSpans;
		}

		public void setMaxSpans(int maxSpans) {
			this.maxSpans = maxSpans;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	public static class Query {

		/** Most rows a SQL query returns; the rest are cut off and the result says so. */
		private int maxRows = 1000;

		/** Longest time a SQL query may run before it is cancelled. */
		private Duration timeout = Duration.ofSeconds(5);

		public int getMaxRows() {
			return this.maxRows;
		}

		public void setMaxRows(int maxRows) {
			this.maxRows = maxRows;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	public Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(Boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public boolean isAllowRemote() {
		return this.allowRemote;
	}

	public void setAllowRemote(boolean allowRemote) {
		this.allowRemote = allowRemote;
	}

	public Retention getRetention() {
		return this.retention;
	}

	public Query getQuery() {
		return this.query;
	}

}
