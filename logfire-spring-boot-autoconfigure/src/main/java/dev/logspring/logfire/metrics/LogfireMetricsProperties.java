package dev.logspring.logfire.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metric export under {@code logfire.metrics.*}.
 */
@ConfigurationProperties("logfire.metrics")
public class LogfireMetricsProperties {

	/** Interval between two metric exports (Logfire's default is 60 s). */
	private Duration exportInterval = Duration.ofSeconds(60);

	private final SystemMetrics system = new SystemMetrics();

	private final Micrometer micrometer = new Micrometer();

	private final Http http = new Http();

	public Duration getExportInterval() {
		return this.exportInterval;
	}

	public void setExportInterval(Duration exportInterval) {
		this.exportInterval = exportInterval;
	}

	public SystemMetrics getSystem() {
		return this.system;
	}

	public Micrometer getMicrometer() {
		return this.micrometer;
	}

	public Http getHttp() {
		return this.http;
	}

	public static class SystemMetrics {

		/**
		 * Whether to export JVM and process metrics (CPU, memory, garbage collection, threads)
		 * under OpenTelemetry's names; Micrometer's JVM, process and system meters are then not
		 * bridged.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Micrometer {

		/**
		 * Whether to export Micrometer's meters (http.server.requests and the rest) with the
		 * other metrics. Off by default: beside another registry, meters read through Boot's
		 * composite (actuator's /metrics) may then show the bridge's zeros.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Http {

		/**
		 * Whether to record OpenTelemetry's http.server.request.duration and
		 * http.client.request.duration from the HTTP spans (Spring MVC, WebFlux, RestClient,
		 * RestTemplate, WebClient, LLM calls), the metrics Logfire's web dashboards read.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
