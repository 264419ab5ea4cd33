package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Alerts declared in configuration: {@code logfire.alerts.<name>.*}, evaluated in-process
 * every {@code logfire.alerting.evaluation-interval}.
 */
@ConfigurationProperties("logfire")
public class LogfireAlertsProperties {

	/** Alerts by name. */
	private Map<String, Alert> alerts = new LinkedHashMap<>();

	private final Alerting alerting = new Alerting();

	public Map<String, Alert> getAlerts() {
		return this.alerts;
	}

	public void setAlerts(Map<String, Alert> alerts) {
		this.alerts = alerts;
	}

	public Alerting getAlerting() {
		return this.alerting;
	}

	public static class Alerting {

		/** How often every alert is evaluated (and metrics are read for alerts on them). */
		private Duration evaluationInterval = Duration.ofSeconds(5);

		public Duration getEvaluationInterval() {
			return this.evaluationInterval;
		}

		public void setEvaluationInterval(Duration evaluationInterval) {
			this.evaluationInterval = evaluationInterval;
		}

	}

	/** One alert: a metric over a sliding window compared with a threshold. */
	public static class Alert {

		/**
		 * What is measured: error_rate, p95_latency, p99_latency, request_rate (from HTTP server
		 * spans), or the name of a metric recorded through the Logfire or OpenTelemetry metric
		 * API together with an aggregation.
		 */
		private @Nullable String metric;

		/** Aggregation of a recorded metric over the window: avg, min, max, sum, count, or a percentile such as p95. */
		private @Nullable String aggregation;

		/** Value the metric is compared with (error_rate is a fraction, latencies are in milliseconds). */
		private @Nullable Double threshold;

		/** Whether the alert fires when the metric is above or below the threshold. */
		private Comparison comparison = Comparison.ABOVE;

		/** Sliding window the metric is computed over; a plain number is seconds. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration window = Duration.ofSeconds(60);

		/** Only HTTP requests to this route (http.route, e.g. /users/{email}). */
		private @Nullable String route;

		/** Only spans with this name (any kind of span, not only HTTP requests). */
		private @Nullable String spanName;

		/** Fewest samples (requests, recorded values) in the window for the alert to fire. */
		private int minSamples = 1;

		/** How urgent the alert is; Alertmanager receives it as the severity label. */
		private String severity = "warning";

		/** Notification channels: slack, webhook, email, alertmanager, or the name of a NotificationChannel bean. */
		private List<String> channels = new ArrayList<>();

		/** Least time between two notifications of this alert; changes in between are coalesced. A plain number is seconds. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration cooldown = Duration.ofMinutes(5);

		public @Nullable String getMetric() {
			return this.metric;
		}

		public void setMetric(@Nullable String metric) {
			this.metric = metric;
		}

		public @Nullable String getAggregation() {
			return this.aggregation;
		}

		public void setAggregation(@Nullable String aggregation) {
			this.aggregation = aggregation;
		}

		public @Nullable Double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(@Nullable Double threshold) {
			this.threshold = threshold;
		}

		public Comparison getComparison() {
			return this.comparison;
		}

		public void setComparison(Comparison comparison) {
			this.comparison = comparison;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public @Nullable String getRoute() {
			return this.route;
		}

		public void setRoute(@Nullable String route) {
			this.route = route;
		}

		public @Nullable String getSpanName() {
			return this.spanName;
		}

		public void setSpanName(@Nullable String spanName) {
			this.spanName = spanName;
		}

		public int getMinSamples() {
			return this.minSamples;
		}

		public void setMinSamples(int minSamples) {
			this.minSamples = minSamples;
		}

		public String getSeverity() {
			return this.severity;
		}

		public void setSeverity(String severity) {
			this.severity = severity;
		}

		public List<String> getChannels() {
			return this.channels;
		}

		public void setChannels(List<String> channels) {
			this.channels = channels;
		}

		public Duration getCooldown() {
			return this.cooldown;
		}

		public void setCooldown(Duration cooldown) {
			this.cooldown = cooldown;
		}

	}

	public enum Comparison {

		/** Fires while the metric is above the threshold. */
		ABOVE,

		/** Fires while the metric is below the threshold. */
		BELOW;

		boolean breaches(double value, double threshold) {
			return (this == ABOVE) ? value > threshold : value < threshold;
		}

		String word() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
