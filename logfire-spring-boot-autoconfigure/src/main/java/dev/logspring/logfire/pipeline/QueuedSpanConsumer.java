package dev.logspring.logfire.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.TelemetryGuard;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

/**
 * One consumer of the span stream with its own bounded queue and thread, so a slow or failing
 * backend never holds up the other consumers or the application: when the queue is full, new
 * batches for this consumer are dropped and counted.
 * <p>
 * A failed batch stays at the head of the queue and is tried again as its {@link ExportRetry}
 * says (the backend's {@code Retry-After}, or backoff): nothing else is sent to that
 * destination meanwhile, and recovery needs no intervention. A flush or shutdown cuts the wait
 * short: each batch queued before it gets one more attempt, then is given up, so that stopping
 * never waits on a backend that is down; at shutdown, batches still queued after the export
 * timeout are given up without an attempt.
 */
public final class QueuedSpanConsumer {

	private static final Object STOP = new Object();

	private final String name;

	private final SpanExporter exporter;

	private final int capacity;

	private final Duration timeout;

	private final ExportRetry retry;

	private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	private final AtomicInteger queuedSpans = new AtomicInteger();

	private final AtomicLong exported = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong failedSpans = new AtomicLong();

	private final AtomicLong failedExports = new AtomicLong();

	/** Flushes waiting in the queue: while there are any, nothing waits for a retry. */
	private final AtomicInteger pendingFlushes = new AtomicInteger();

	/** {@link System#nanoTime()} after which a stopping consumer gives batches up; 0 while running. */
	private volatile long giveUpAfter;

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable String lastFailureReason;

	private volatile @Nullable Instant nextRetry;

	private final Thread worker;

	/** Failures are reported once a minute per consumer (a restarted application reports again). */
	private final String reportKey;

	public QueuedSpanConsumer(String name, SpanExporter exporter, int capacity, Duration timeout, ExportRetry retry) {
		this.name = name;
		this.exporter = exporter;
		this.capacity = capacity;
		this.timeout = timeout;
		this.retry = retry;
		this.reportKey = "export to " + name + " #" + System.identityHashCode(this);
		// Started here rather than by a SmartLifecycle: spans arrive as soon as the SDK exists, before
		// the context starts, and the SDK's own shutdown (its provider is closed after every
		// SmartLifecycle has stopped) flushes through this thread before stopping it.
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

	/**
	 * Completes once every batch queued before the call has been exported or given up; a batch
	 * waiting for a retry gets its last attempt now.
	 */
	public CompletableResultCode flush() {
		CompletableResultCode result = new CompletableResultCode();
		if (!this.worker.isAlive()) {
			return result.succeed();
		}
		this.pendingFlushes.incrementAndGet();
		this.queue.add(result);
		LockSupport.unpark(this.worker);
		return result;
	}

	/** Exports what is queued (within the export timeout), then stops the thread and the exporter. */
	public CompletableResultCode shutdown() {
		this.giveUpAfter = System.nanoTime() + this.timeout.toNanos();
		CompletableResultCode result = new CompletableResultCode();
		flush().whenComplete(() -> {
			this.queue.add(STOP);
			this.exporter.shutdown().whenComplete(result::succeed);
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
				this.pendingFlushes.decrementAndGet();
				flush.succeed();
				continue;
			}
			@SuppressWarnings("unchecked")
			List<SpanData> batch = (List<SpanData>) item;
			try {
				deliver(batch);
			}
			finally {
				this.queuedSpans.addAndGet(-batch.size());
				this.nextRetry = null;
			}
		}
	}

	private void deliver(List<SpanData> batch) {
		for (int attempt = 1;; attempt++) {
			long stopBy = this.giveUpAfter;
			if (stopBy != 0 && System.nanoTime() - stopBy > 0) {
				giveUp(batch, "still queued when the export timeout ran out at shutdown");
				return;
			}
			Throwable failure = attempt(batch);
			if (failure == null) {
				this.exported.addAndGet(batch.size());
				this.lastSuccess = Instant.now();
				return;
			}
			String reason = TelemetryErrors.describe(failure);
			this.failedExports.incrementAndGet();
			this.lastFailure = Instant.now();
			this.lastFailureReason = reason;
			Duration delay = (this.pendingFlushes.get() > 0) ? null : this.retry.delayAfter(failure, attempt);
			if (delay == null) {
				giveUp(batch, reason);
				return;
			}
			TelemetryErrors.report(this.reportKey, "Logfire could not export spans to " + this.name
					+ " (" + reason + "); retrying in " + TelemetryErrors.describe(delay) + ". " + droppedSoFar());
			awaitRetry(delay);
		}
	}

	/** Null when the batch was exported, else why not. */
	private @Nullable Throwable attempt(List<SpanData> batch) {
		try {
			CompletableResultCode result = this.exporter.export(batch)
				.join(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (result.isSuccess()) {
				return null;
			}
			if (!result.isDone()) {
				return new TimeoutException("no answer within " + TelemetryErrors.describe(this.timeout));
			}
			Throwable failure = result.getFailureThrowable();
			return (failure != null) ? failure : new IllegalStateException("rejected by the exporter");
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private void awaitRetry(Duration delay) {
		long deadline = System.nanoTime() + delay.toNanos();
		this.nextRetry = Instant.now().plus(delay);
		while (this.pendingFlushes.get() == 0) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			LockSupport.parkNanos(this, left);
		}
		this.nextRetry = null;
	}

	private void giveUp(List<SpanData> batch, String reason) {
		this.failedSpans.addAndGet(batch.size());
		TelemetryErrors.report(this.reportKey, "Logfire could not export " + batch.size()
				+ " spans to " + this.name + " (" + reason + ") and gave them up. " + droppedSoFar());
	}

	private String droppedSoFar() {
		return "The application is unaffected; spans lost so far: " + (this.dropped.get() + this.failedSpans.get())
				+ ".";
	}


	public String name() {
		return this.name;
	}

	public SpanExporter exporter() {
		return this.exporter;
	}

	public ConsumerStats stats() {
		return new ConsumerStats(this.name, this.exported.get(), this.dropped.get(), this.failedSpans.get(),
				this.failedExports.get(), this.queuedSpans.get(), this.capacity, this.lastSuccess, this.lastFailure,
				this.lastFailureReason, this.nextRetry);
	}

	/**
	 * A consumer's counters, for health and self-metrics.
	 * @param droppedSpans spans refused because the queue was full
	 * @param failedSpans spans given up after failed exports
	 * @param failedExports export attempts that failed (each retry counts)
	 * @param nextRetry when the batch waiting for a retry is tried again, if one is
	 */
	public record ConsumerStats(String name, long exportedSpans, long droppedSpans, long failedSpans,
			long failedExports, int queuedSpans, int capacity, @Nullable Instant lastSuccess, @Nullable Instant lastFailure,
			@Nullable String lastFailureReason, @Nullable Instant nextRetry) {
	}

	static List<CompletableResultCode> flushAll(Collection<QueuedSpanConsumer> consumers) {
		List<CompletableResultCode> results = new ArrayList<>();
		consumers.forEach((consumer) -> results.add(consumer.flush()));
		return results;
	}

}
