package dev.logspring.logfire.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.logspring.logfire.config.LogfireConnectionDetails;
import dev.logspring.logfire.config.LogfireConnectionDetails.Endpoint;
import dev.logspring.logfire.config.LogfireProperties.Export.Compression;
import dev.logspring.logfire.pipeline.ExportRetry;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Where telemetry goes, from the {@link LogfireConnectionDetails}: one OTLP/HTTP destination per
 * Logfire token (protobuf, gzip unless {@code logfire.export.compression=none}, the raw token in
 * {@code Authorization}), plus the optional plain OTLP endpoint. Empty when neither is configured: the console is then the
 * embedded default.
 */
public final class LogfireDestinations {

	/** Sent as {@code User-Agent} so the backend can tell our data from other SDKs'. */
	public static final String USER_AGENT = "logfire-spring-boot-starter/" + StarterVersion.get();

	/** Logfire's preferences, answered by our metric exporters before they are built. */
	static final AggregationTemporalitySelector METRIC_TEMPORALITY = AggregationTemporalitySelector.deltaPreferred();

	static final DefaultAggregationSelector METRIC_AGGREGATION = DefaultAggregationSelector.getDefault()
		.with(InstrumentType.HISTOGRAM, Aggregation.base2ExponentialBucketHistogram());

	static final MemoryMode METRIC_MEMORY_MODE = MemoryMode.REUSABLE_DATA;

	/** The exporter name of Logfire destinations, for Boot's export switches. */
	public static final String LOGFIRE = "logfire";

	/** The exporter name of the plain OTLP destination, the same as Boot's own OTLP exporter. */
	public static final String OTLP = "otlp";

	private final List<Destination> destinations;

	private final Duration timeout;

	private final String compression;

	private final ExportRetry retry = new OtlpExportRetry();

	private final List<RetryingMetricExporter> metricExporters = new CopyOnWriteArrayList<>();

	public LogfireDestinations(LogfireConnectionDetails connection, Duration timeout, Compression compression) {
		this.timeout = timeout;
		this.compression = compression.exporterName();
		List<Destination> list = new ArrayList<>();
		List<Endpoint> logfire = connection.logfire();
		for (int i = 0; i < logfire.size(); i++) {
			// Names identify a destination in health and logs without revealing the token.
			list.add(new Destination("logfire-" + (i + 1), LOGFIRE, logfire.get(i).baseUrl(), logfire.get(i).headers()));
		}
		Endpoint otlp = connection.otlp();
		if (otlp != null) {
			list.add(new Destination(OTLP, OTLP, otlp.baseUrl(), otlp.headers()));
		}
		this.destinations = List.copyOf(list);
	}

	public List<Destination> all() {
		return this.destinations;
	}

	public boolean isEmpty() {
		return this.destinations.isEmpty();
	}

	/**
	 * A span exporter for {@code destination}; the caller owns (and shuts down) it. It makes one
	 * attempt per export: the consumer retries by {@link #retry()}.
	 */
	public SpanExporter spanExporter(Destination destination) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(destination.tracesUrl())
			.setCompression(this.compression)
			.setTimeout(this.timeout)
			.setRetryPolicy(null)
			.setComponentLoader(OtlpTransport.componentLoader());
		OtlpTransport.senderExecutor().ifPresent(builder::setExecutorService);
		headers(destination).forEach(builder::addHeader);
		return new DeferredSpanExporter(builder::build);
	}

	/** When a failed export to one of these destinations is tried again. */
	public ExportRetry retry() {
		return this.retry;
	}

	/**
	 * A metric exporter for {@code destination} with Logfire's preferences: delta temporality
	 * for counters and histograms, exponential histograms.
	 */
	public MetricExporter metricExporter(Destination destination) {
		OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder()
			.setEndpoint(destination.baseUrl() + "/v1/metrics")
			.setCompression(this.compression)
			.setTimeout(this.timeout)
			.setRetryPolicy(null)
			.setComponentLoader(OtlpTransport.componentLoader())
			.setAggregationTemporalitySelector(METRIC_TEMPORALITY)
			.setDefaultAggregationSelector(METRIC_AGGREGATION)
			.setMemoryMode(METRIC_MEMORY_MODE);
		OtlpTransport.senderExecutor().ifPresent(builder::setExecutorService);
		headers(destination).forEach(builder::addHeader);
		RetryingMetricExporter exporter = new RetryingMetricExporter(destination.name(),
				new DeferredExporter<>(builder::build), this.retry, this.timeout);
		this.metricExporters.add(exporter);
		return exporter;
	}

	/** How metric exports to each destination went. */
	public List<MetricExportStats> metricStats() {
		return this.metricExporters.stream().map(RetryingMetricExporter::stats).toList();
	}

	private static Map<String, String> headers(Destination destination) {
		Map<String, String> headers = new java.util.LinkedHashMap<>(destination.headers());
		headers.putIfAbsent("User-Agent", USER_AGENT);
		return headers;
	}

	/**
	 * One backend: its name (never the token), the exporter it counts as for Spring Boot's
	 * {@code management.tracing.export.<exporter>.enabled} switches, base URL and headers.
	 */
	public record Destination(String name, String exporter, String baseUrl, Map<String, String> headers) {

		/** Where its spans are posted. */
		public String tracesUrl() {
			return this.baseUrl + "/v1/traces";
		}

		@Override
		public String toString() {
			// Headers carry the token: keep them out of any log line.
			return "Destination[" + this.name + " -> " + this.baseUrl + "]";
		}

	}

}
