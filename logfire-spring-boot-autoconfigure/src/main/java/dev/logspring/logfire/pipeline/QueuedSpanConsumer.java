package dev.logspring.logfire.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.logspring.logfire.tracing.TelemetryErrors;
import dev.logspring.logfire.tracing.TelemetryGuard;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * One consumer of the span stream with its own bounded queue and thread, so a slow or failing
 * backend never holds up the other consumers or the application: when the queue is full, new
 * batches for this consumer are dropped and counted.
 */
public final class QueuedSpanConsumer {

	private static final Object STOP = new Object();

	private final String name;

	private final SpanExporter exporter;

	private final int capacity;

	private final Duration timeout;

	private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	private final AtomicInteger queuedSpans = new AtomicInteger();

	private final AtomicLong exported = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong failedSpans = new AtomicLong();

	private volatile Instant lastSuccess;

	private volatile Instant lastFailure;

	private volatile String lastFailureReason;

	private final Thread worker;

	public QueuedSpanConsumer(String name, SpanExporter exporter, int capacity, Duration timeout) {
		this.name = name;
		this.exporter = exporter;
		this.capacity = capacity;
		this.timeout = timeout;
		this.worker = new Thread(this::run, "logfire-export-" + name);
		this.worker.setDaemon(true);
		this.worker.start();
	}

	/** Queues a batch; never blocks. Returns false when the batch was dropped. */
	public boolean offer(Collection<SpanData> spans) {
		int size = spans.size();
		if (this.queuedSpans.addAndGet(size) > this.capacity) {
			this.queuedSpans.addAndGet(-size);
			this.dropped.addAndGet(size);
			return false;
		}
		this.queue.add(List.copyOf(spans));
		return true;
	}

	/** Completes once every batch queued before the call has been exported (or has failed). */
	public CompletableResultCode flush() {
		CompletableResultCode result = new CompletableResultCode();
		if (!this.worker.isAlive()) {
			return result.succeed();
		}
		this.queue.add(result);
		return result;
	}

	/** Exports what is queued, then stops the thread and shuts the exporter down. */
	public CompletableResultCode shutdown() {
		CompletableResultCode result = new CompletableResultCode();
		flush().whenComplete(() -> {
			this.queue.add(STOP);
			CompletableResultCode closed = this.exporter.shutdown();
			closed.whenComplete(result::succeed);
		});
		return result;
	}

	private void run() {
		// An exporter that logs must not produce the spans it will export next.
		TelemetryGuard.markCurrentThread();
		while (true) {
			Object item;
			try {
				item = this.queue.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (item == STOP) {
				return;
			}
			if (item instanceof CompletableResultCode flush) {
				this.exporter.flush().join(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				flush.succeed();
				continue;
			}
			@SuppressWarnings("unchecked")
			List<SpanData> batch = (List<SpanData>) item;
			export(batch);
		}
	}

	private void export(List<SpanData> batch) {
		try {
			CompletableResultCode result = this.exporter.export(batch)
				.join(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (result.isSuccess()) {
				this.exported.addAndGet(batch.size());
				this.lastSuccess = Instant.now();
			}
			else {
				recordFailure(batch.size(), result.isDone() ? describe(result.getFailureThrowable())
						: "no answer within " + this.timeout.toMillis() + " ms");
			}
		}
		catch (RuntimeException ex) {
			recordFailure(batch.size(), describe(ex));
			TelemetryErrors.report("exporter " + this.name, ex);
		}
		finally {
			this.queuedSpans.addAndGet(-batch.size());
		}
	}

	private void recordFailure(int spans, String reason) {
		this.failedSpans.addAndGet(spans);
		this.lastFailure = Instant.now();
		this.lastFailureReason = reason;
	}

	private static String describe(Throwable failure) {
		return (failure != null) ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
				: "rejected by the exporter";
	}

	public String name() {
		return this.name;
	}

	public SpanExporter exporter() {
		return this.exporter;
	}

	public ConsumerStats stats() {
		return new ConsumerStats(this.name, this.exported.get(), this.dropped.get(), this.failedSpans.get(),
				this.queuedSpans.get(), this.capacity, this.lastSuccess, this.lastFailure, this.lastFailureReason);
	}

	/** A consumer's counters, for health and self-metrics. */
	public record ConsumerStats(String name, long exportedSpans, long droppedSpans, long failedSpans,
			int queuedSpans, int capacity, Instant lastSuccess, Instant lastFailure, String lastFailureReason) {
	}

	static List<CompletableResultCode> flushAll(Collection<QueuedSpanConsumer> consumers) {
		List<CompletableResultCode> results = new ArrayList<>();
		consumers.forEach((consumer) -> results.add(consumer.flush()));
		return results;
	}

}
