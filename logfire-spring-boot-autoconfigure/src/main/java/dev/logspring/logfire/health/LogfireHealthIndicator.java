package dev.logspring.logfire.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.export.LogfireDestinations;
import dev.logspring.logfire.export.MetricExportStats;
import dev.logspring.logfire.pipeline.BatchProcessorMonitor;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer.ConsumerStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code logfire} health contributor: how the export of spans and metrics goes, per
 * destination. A failing backend shows as {@code DEGRADED}, a status the default aggregation
 * ignores: telemetry trouble must not take the application out of its load balancer. Add it to
 * {@code management.endpoint.health.status.order} to make it count.
 */
public final class LogfireHealthIndicator extends AbstractHealthIndicator {

	/** Telemetry is failing to reach a backend; the application itself is unaffected. */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final LogfireSpanPipeline pipeline;

	private final @Nullable BatchProcessorMonitor batchProcessor;

	private final LogfireDestinations destinations;

	public LogfireHealthIndicator(LogfireSpanPipeline pipeline, @Nullable BatchProcessorMonitor batchProcessor,
			LogfireDestinations destinations) {
		super("Logfire health check failed");
		this.pipeline = pipeline;
		this.batchProcessor = batchProcessor;
		this.destinations = destinations;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<String> failing = new ArrayList<>();
		Map<String, Object> spans = new LinkedHashMap<>();
		if (this.batchProcessor != null) {
			BatchProcessorMonitor.Stats processor = this.batchProcessor.stats();
			spans.put("batchProcessor", Map.of("queued", processor.queuedSpans(), "dropped", processor.droppedSpans()));
		}
		for (QueuedSpanConsumer consumer : this.pipeline.consumers()) {
			ConsumerStats stats = consumer.stats();
			boolean failed = isFailing(stats.lastSuccess(), stats.lastFailure());
			if (failed) {
				failing.add("spans to " + stats.name() + ": " + stats.lastFailureReason());
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", state(stats.lastSuccess(), stats.lastFailure()));
			details.put("exported", stats.exportedSpans());
			details.put("dropped", stats.droppedSpans());
			details.put("failed", stats.failedSpans());
			details.put("failedExports", stats.failedExports());
			details.put("queued", stats.queuedSpans());
			details.put("capacity", stats.capacity());
			details.put("queueFill", String.format("%.0f%%", 100.0 * stats.queuedSpans() / stats.capacity()));
			putIfPresent(details, "lastSuccess", stats.lastSuccess());
			putIfPresent(details, "lastFailure", stats.lastFailure());
			putIfPresent(details, "lastFailureReason", stats.lastFailureReason());
			putIfPresent(details, "nextRetry", stats.nextRetry());
			spans.put(stats.name(), details);
		}
		Map<String, Object> metrics = new LinkedHashMap<>();
		for (MetricExportStats stats : this.destinations.metricStats()) {
			if (isFailing(stats.lastSuccess(), stats.lastFailure())) {
				failing.add("metrics to " + stats.name() + ": " + stats.lastFailureReason());
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", state(stats.lastSuccess(), stats.lastFailure()));
			details.put("exports", stats.exports());
			details.put("failedExports", stats.failedExports());
			putIfPresent(details, "lastSuccess", stats.lastSuccess());
			putIfPresent(details, "lastFailure", stats.lastFailure());
			putIfPresent(details, "lastFailureReason", stats.lastFailureReason());
			metrics.put(stats.name(), details);
		}
		if (failing.isEmpty()) {
			builder.up();
		}
		else {
			builder.status(new Status(DEGRADED.getCode(), "Export failing: " + String.join("; ", failing)));
		}
		builder.withDetail("spans", spans).withDetail("metrics", metrics);
	}

	private static boolean isFailing(@Nullable Instant lastSuccess, @Nullable Instant lastFailure) {
		return lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
	}

	private static String state(@Nullable Instant lastSuccess, @Nullable Instant lastFailure) {
		if (isFailing(lastSuccess, lastFailure)) {
			return "failing";
		}
		return (lastSuccess != null) ? "ok" : "idle";
	}

	private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, value.toString());
		}
	}

}
