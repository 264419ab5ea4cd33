package dev.logspring.logfire.pending;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Sends a {@code pending_span} copy of each span still running after a threshold, so Logfire
 * shows it live (as Logfire's SDKs do at every span's start). Short spans, most of them, end
 * before the threshold and cost only an entry in a map of open spans, added at start and
 * removed at end. A timer thread looks at the map every half threshold; each copy it makes is
 * handed to the export queue like an ended span, so it passes the same sanitizer (scrubbing,
 * limits) and the same export stages (tail sampling) as every span. With a threshold of zero
 * the copy is queued at start, as Python does, and nothing is tracked.
 * <p>
 * Memory is bounded: beyond {@code maxOpenSpans} open spans, new ones get no copy (counted).
 */
public final class PendingSpanProcessor implements SpanProcessor {

	private final SpanProcessor exportQueue;

	private final long thresholdNanos;

	private final int maxOpenSpans;

	/** Open spans and when they started, by the monotonic clock. */
	private final Map<ReadableSpan, Long> open = new ConcurrentHashMap<>();

	private final @Nullable ScheduledExecutorService timer;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong untracked = new AtomicLong();

	/**
	 * @param exportQueue where copies go: the batch processor in front of the span pipeline
	 * @param thresholdNanos how long a span runs before its copy is sent; 0 sends it at start
	 * @param maxOpenSpans most open spans watched at once; 0 sends no copies at all
	 */
	public PendingSpanProcessor(SpanProcessor exportQueue, long thresholdNanos, int maxOpenSpans) {
		this.exportQueue = exportQueue;
		this.thresholdNanos = thresholdNanos;
		this.maxOpenSpans = maxOpenSpans;
		if (thresholdNanos > 0 && maxOpenSpans > 0) {
			// Started here rather than by a SmartLifecycle: spans start as soon as the SDK exists, and
			// the SDK's shutdown stops the timer.
			this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "logfire-pending-spans");
				thread.setDaemon(true);
				return thread;
			});
			long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), thresholdNanos / 2);
			this.timer.scheduleWithFixedDelay(this::sendDue, period, period, TimeUnit.NANOSECONDS);
		}
		else {
			this.timer = null;
		}
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		try {
			if (!span.getSpanContext().isSampled()) {
				return;
			}
			// Logfire sends copies of spans only: not of logs, nor of copies.
			String type = span.getAttribute(LogfireAttributes.SPAN_TYPE);
			if (type != null && !type.equals(LogfireAttributes.SPAN_TYPE_SPAN)) {
				return;
			}
			if (this.timer == null) {
				send(span);
			}
			else if (this.open.size() < this.maxOpenSpans) {
				this.open.put(span, System.nanoTime());
			}
			else {
				this.untracked.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("pending spans", ex);
		}
	}

	@Override
	public boolean isStartRequired() {
		return this.maxOpenSpans > 0;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.open.remove(span);
	}

	@Override
	public boolean isEndRequired() {
		return this.timer != null;
	}

	/** Sends the copy of every span open for at least the threshold, once. */
	void sendDue() {
		try {
			long now = System.nanoTime();
			this.open.forEach((span, started) -> {
				if (now - started >= this.thresholdNanos && this.open.remove(span) != null && !span.hasEnded()) {
					send(span);
				}
			});
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("pending spans", ex);
		}
	}

	private void send(ReadableSpan span) {
		this.exportQueue.onEnd(PendingSpan.of(span.toSpanData()));
		this.sent.incrementAndGet();
	}

	/** Pending copies sent so far. */
	public long sent() {
		return this.sent.get();
	}

	/** Spans that got no copy because too many were open. */
	public long untracked() {
		return this.untracked.get();
	}

	/** Spans being watched. */
	public int watched() {
		return this.open.size();
	}

	@Override
	public CompletableResultCode shutdown() {
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
		this.open.clear();
		return CompletableResultCode.ofSuccess();
	}

}
