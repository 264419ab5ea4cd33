package dev.logspring.logfire.export;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.pipeline.ExportRetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import org.jspecify.annotations.Nullable;

/**
 * Retries a destination's failed metric exports by the same rules as spans (the backend's
 * {@code Retry-After}, or backoff), within the export timeout: the periodic reader skips a
 * collection while an export is still running, so retries must end before the next one. Counts
 * and reports failures at most once a minute.
 */
final class RetryingMetricExporter implements MetricExporter {

	private final String name;

	private final DeferredExporter<MetricExporter> delegate;

	private final ExportRetry retry;

	private final Duration budget;

	private final ScheduledExecutorService scheduler;

	/** Failures are reported once a minute per exporter (a restarted application reports again). */
	private final String reportKey;

	private final AtomicLong exports = new AtomicLong();

	private final AtomicLong failedExports = new AtomicLong();

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable String lastFailureReason;

	RetryingMetricExporter(String name, DeferredExporter<MetricExporter> delegate, ExportRetry retry, Duration budget) {
		this.name = name;
		this.delegate = delegate;
		this.retry = retry;
		this.budget = budget;
		this.reportKey = "metric export to " + name + " #" + System.identityHashCode(this);
		// Its thread starts with the first retry, not here; the SDK's metric reader stops it through shutdown().
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "logfire-metrics-retry-" + name);
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public CompletableResultCode export(Collection<MetricData> metrics) {
		CompletableResultCode result = new CompletableResultCode();
		attempt(metrics, 1, System.nanoTime() + this.budget.toNanos(), result);
		return result;
	}

	private void attempt(Collection<MetricData> metrics, int attempt, long deadline, CompletableResultCode result) {
		CompletableResultCode outcome;
		try {
			outcome = this.delegate.get().export(metrics);
		}
		catch (RuntimeException ex) {
			outcome = CompletableResultCode.ofExceptionalFailure(ex);
		}
		CompletableResultCode done = outcome;
		done.whenComplete(() -> {
			if (done.isSuccess()) {
				this.exports.incrementAndGet();
				this.lastSuccess = Instant.now();
				result.succeed();
				return;
			}
			String reason = TelemetryErrors.describe((done.getFailureThrowable() != null) ? done.getFailureThrowable()
					: new IllegalStateException("rejected by the exporter"));
			this.failedExports.incrementAndGet();
			this.lastFailure = Instant.now();
			this.lastFailureReason = reason;
			Duration delay = this.retry.delayAfter(done.getFailureThrowable(), attempt);
			if (delay != null && System.nanoTime() + delay.toNanos() - deadline < 0) {
				try {
					this.scheduler.schedule(() -> attempt(metrics, attempt + 1, deadline, result), delay.toMillis(),
							TimeUnit.MILLISECONDS);
					return;
				}
				catch (RejectedExecutionException ex) {
					// shutting down: no more retries
				}
			}
			TelemetryErrors.report(this.reportKey, "Logfire could not export metrics to " + this.name + " (" + reason
					+ "); this interval's metrics are lost. The application is unaffected.");
			result.fail();
		});
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush(MetricExporter::flush);
	}

	@Override
	public CompletableResultCode shutdown() {
		this.scheduler.shutdown();
		return this.delegate.shutdown(MetricExporter::shutdown);
	}

	// The reader asks these when it is registered, before the exporter is built.

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return LogfireDestinations.METRIC_TEMPORALITY.getAggregationTemporality(instrumentType);
	}

	@Override
	public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return LogfireDestinations.METRIC_AGGREGATION.getDefaultAggregation(instrumentType);
	}

	@Override
	public MemoryMode getMemoryMode() {
		return LogfireDestinations.METRIC_MEMORY_MODE;
	}

	boolean isBuilt() {
		return this.delegate.isBuilt();
	}

	MetricExportStats stats() {
		return new MetricExportStats(this.name, this.exports.get(), this.failedExports.get(), this.lastSuccess,
				this.lastFailure, this.lastFailureReason);
	}

}
