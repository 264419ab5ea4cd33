package dev.logspring.logfire.sampling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.ExportStage;
import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.internal.BoundedCache;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.pipeline.PendingSpanConsumer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;

/**
 * Logfire's tail sampling, {@code level_or_duration}, on the export thread. Ended spans are held
 * per trace until the trace is decided:
 * <ul>
 * <li>kept as soon as one of its spans reaches the level threshold, or has an error (always), or
 * the trace is seen to run at least the duration threshold; later spans of a kept trace pass
 * straight through;</li>
 * <li>otherwise decided once its local root (a span whose parent is absent or remote) has
 * ended and no span started in it is still running here ({@link OpenTraces}), as Logfire 5
 * does: an asynchronous child that outlives the root is decided with its trace; kept at the
 * background rate, chosen by trace id like head sampling, else dropped;</li>
 * <li>a span of a trace decided recently follows that decision (kept or dropped), whether it
 * ended late or was only queued behind its root;</li>
 * <li>the {@code pending_span} copies of running spans are held and decided with their trace;
 * being copies, they neither keep a trace nor end one.</li>
 * <li>a trace whose root has not ended within the timeout, or the oldest trace when the buffer
 * is full, is decided early with what has arrived, taking "now" as its end; it is counted.</li>
 * </ul>
 * Memory is bounded by the most buffered spans and traces. Expiry is checked whenever a batch
 * passes.
 */
public final class TailSamplingStage implements ExportStage {

	private final Level levelThreshold;

	private final long durationThresholdNanos;

	private final Sampler background;

	private final int maxBufferedSpans;

	private final int maxBufferedTraces;

	private final long traceTimeoutNanos;

	private final Clock clock;

	private final OpenTraces openTraces;

	/** Undecided traces, oldest first. */
	private final LinkedHashMap<String, TraceBuffer> buffers = new LinkedHashMap<>();

	/** Recently decided traces (true when kept), whose late spans follow the decision. */
	private final Map<String, Boolean> decided;

	private int bufferedSpans;

	private long keptTraces;

	private long droppedTraces;

	private long droppedSpans;

	private long evictedTraces;

	private long timedOutTraces;

	public TailSamplingStage(Level levelThreshold, long durationThresholdNanos, double backgroundRate,
			int maxBufferedSpans, int maxBufferedTraces, long traceTimeoutNanos, Clock clock, OpenTraces openTraces) {
		this.levelThreshold = levelThreshold;
		this.durationThresholdNanos = durationThresholdNanos;
		this.background = Sampler.traceIdRatioBased(backgroundRate);
		this.maxBufferedSpans = maxBufferedSpans;
		this.maxBufferedTraces = maxBufferedTraces;
		this.traceTimeoutNanos = traceTimeoutNanos;
		this.clock = clock;
		this.openTraces = openTraces;
		this.decided = BoundedCache.evictingMap(maxBufferedTraces, true);
	}

	private static final class TraceBuffer {

		final List<SpanData> spans = new ArrayList<>();

		final long arrivalNanos;

		long earliestStartEpochNanos = Long.MAX_VALUE;

		long latestEndEpochNanos;

		boolean rootEnded;

		TraceBuffer(long arrivalNanos) {
			this.arrivalNanos = arrivalNanos;
		}

		void add(SpanData span) {
			this.spans.add(span);
			this.earliestStartEpochNanos = Math.min(this.earliestStartEpochNanos, span.getStartEpochNanos());
			this.latestEndEpochNanos = Math.max(this.latestEndEpochNanos, span.getEndEpochNanos());
		}

	}

	@Override
	public synchronized Collection<SpanData> process(Collection<SpanData> spans) {
		List<SpanData> out = new ArrayList<>();
		long now = this.clock.nanoTime();
		for (SpanData span : spans) {
			accept(span, now, out);
		}
		expire(now, out);
		return out;
	}

	@Override
	public synchronized Collection<SpanData> drain() {
		List<SpanData> out = new ArrayList<>();
		while (!this.buffers.isEmpty()) {
			settleOldest(out);
		}
		return out;
	}

	private void accept(SpanData span, long now, List<SpanData> out) {
		String traceId = span.getTraceId();
		Boolean decision = this.decided.get(traceId);
		if (decision != null) {
			if (decision) {
				out.add(span);
			}
			else {
				this.droppedSpans++;
			}
			return;
		}
		TraceBuffer buffer = this.buffers.computeIfAbsent(traceId, (id) -> new TraceBuffer(now));
		buffer.add(span);
		this.bufferedSpans++;
		boolean copy = PendingSpanConsumer.isPendingCopy(span);
		if (!copy && (isRemarkable(span)
				|| span.getEndEpochNanos() - buffer.earliestStartEpochNanos >= this.durationThresholdNanos)) {
			keep(traceId, out);
		}
		else {
			buffer.rootEnded |= !copy && isLocalRoot(span);
			if (buffer.rootEnded && !this.openTraces.hasOpenSpans(traceId)) {
				decide(traceId, buffer.latestEndEpochNanos, out);
			}
		}
		while (this.bufferedSpans > this.maxBufferedSpans || this.buffers.size() > this.maxBufferedTraces) {
			settleOldest(out);
			this.evictedTraces++;
		}
	}

	private boolean isRemarkable(SpanData span) {
		Level level = SpanOutcomes.levelOf(span);
		return level.isAtLeast(this.levelThreshold) || level.isAtLeast(Level.ERROR)
				|| span.getStatus().getStatusCode() == StatusCode.ERROR;
	}

	private static boolean isLocalRoot(SpanData span) {
		SpanContext parent = span.getParentSpanContext();
		return !parent.isValid() || parent.isRemote();
	}

	private void expire(long now, List<SpanData> out) {
		Iterator<TraceBuffer> oldest = this.buffers.values().iterator();
		while (oldest.hasNext() && now - oldest.next().arrivalNanos >= this.traceTimeoutNanos) {
			settleOldest(out);
			this.timedOutTraces++;
			oldest = this.buffers.values().iterator();
		}
	}

	/**
	 * Decides the oldest trace early, as if it ended now. Its root has not arrived, so its start
	 * is unknown: a trace held longer than the duration threshold has run at least that long.
	 */
	private void settleOldest(List<SpanData> out) {
		Map.Entry<String, TraceBuffer> oldest = this.buffers.entrySet().iterator().next();
		TraceBuffer buffer = oldest.getValue();
		long heldNanos = this.clock.nanoTime() - buffer.arrivalNanos;
		decide(oldest.getKey(), Math.max(this.clock.now(), buffer.earliestStartEpochNanos + heldNanos), out);
	}

	private void decide(String traceId, long endEpochNanos, List<SpanData> out) {
		TraceBuffer buffer = this.buffers.get(traceId);
		if (endEpochNanos - buffer.earliestStartEpochNanos >= this.durationThresholdNanos || inBackground(traceId)) {
			keep(traceId, out);
			return;
		}
		this.buffers.remove(traceId);
		this.bufferedSpans -= buffer.spans.size();
		this.decided.put(traceId, Boolean.FALSE);
		this.droppedTraces++;
		this.droppedSpans += buffer.spans.size();
	}

	private void keep(String traceId, List<SpanData> out) {
		TraceBuffer buffer = this.buffers.remove(traceId);
		this.bufferedSpans -= buffer.spans.size();
		out.addAll(buffer.spans);
		this.decided.put(traceId, Boolean.TRUE);
		this.keptTraces++;
	}

	private boolean inBackground(String traceId) {
		return this.background
			.shouldSample(Context.root(), traceId, "", SpanKind.INTERNAL, Attributes.empty(), List.of())
			.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
	}

	public synchronized Stats stats() {
		return new Stats(this.buffers.size(), this.bufferedSpans, this.keptTraces, this.droppedTraces,
				this.droppedSpans, this.evictedTraces, this.timedOutTraces);
	}

	/**
	 * Counters of the stage.
	 *
	 * @param bufferedTraces traces waiting for a decision
	 * @param bufferedSpans spans waiting for a decision
	 * @param keptTraces traces kept (by level, error, duration or background rate)
	 * @param droppedTraces traces dropped
	 * @param droppedSpans spans dropped with them (late ones included)
	 * @param evictedTraces traces decided early because the buffer was full
	 * @param timedOutTraces traces decided early because their root had not ended in time
	 */
	public record Stats(int bufferedTraces, int bufferedSpans, long keptTraces, long droppedTraces, long droppedSpans,
			long evictedTraces, long timedOutTraces) {
	}

}
