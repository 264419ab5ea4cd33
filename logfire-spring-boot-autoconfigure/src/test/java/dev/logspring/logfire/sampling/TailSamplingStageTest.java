package dev.logspring.logfire.sampling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tail sampling decisions, on spans recorded by a real SDK whose clock the test moves.
 */
class TailSamplingStageTest {

	private final ManualClock clock = new ManualClock();

	private final RecordingSpanExporter ended = new RecordingSpanExporter();

	private final OpenTraces openTraces = new OpenTraces(1_000);

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.setClock(this.clock)
		.addSpanProcessor(this.openTraces)
		.addSpanProcessor(SimpleSpanProcessor.create(this.ended))
		.build();

	private final Tracer tracer = this.provider.get("test");

	@AfterEach
	void close() {
		this.provider.close();
	}

	private TailSamplingStage stage(double backgroundRate, Duration timeout, int maxSpans, int maxTraces) {
		return new TailSamplingStage(Level.NOTICE, Duration.ofSeconds(5).toNanos(), backgroundRate, maxSpans, maxTraces,
				timeout.toNanos(), this.clock, this.openTraces);
	}

	private TailSamplingStage stage() {
		return stage(0.0, Duration.ofSeconds(30), 10_000, 1_000);
	}

	/** Ends a child of {@code parent} (started and ended now) and returns it. */
	private SpanData child(Span parent, String name, Long level, boolean error) {
		Span span = this.tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
		if (level != null) {
			span.setAttribute(LogfireAttributes.LEVEL_NUM, level);
		}
		if (error) {
			span.setStatus(StatusCode.ERROR);
		}
		span.end();
		return last();
	}

	private SpanData end(Span span) {
		span.end();
		return last();
	}

	private SpanData last() {
		List<SpanData> spans = this.ended.spans();
		return spans.get(spans.size() - 1);
	}

	@Test
	void anOrdinaryTraceIsHeldThenDroppedWhenItsRootEnds() {
		TailSamplingStage stage = stage();
		Span root = this.tracer.spanBuilder("root").startSpan();
		assertThat(stage.process(List.of(child(root, "a", 9L, false), child(root, "b", null, false)))).isEmpty();
		assertThat(stage.stats().bufferedSpans()).isEqualTo(2);
		assertThat(stage.process(List.of(end(root)))).isEmpty();
		assertThat(stage.stats()).isEqualTo(new TailSamplingStage.Stats(0, 0, 0, 1, 3, 0, 0));
	}

	@Test
	void aSpanAtTheLevelThresholdKeepsTheWholeTraceAndWhatFollows() {
		TailSamplingStage stage = stage();
		Span root = this.tracer.spanBuilder("root").startSpan();
		SpanData quiet = child(root, "quiet", null, false);
		assertThat(stage.process(List.of(quiet))).isEmpty();
		SpanData notice = child(root, "notice", (long) Level.NOTICE.number(), false);
		assertThat(stage.process(List.of(notice))).containsExactly(quiet, notice);
		SpanData rootData = end(root);
		assertThat(stage.process(List.of(rootData))).containsExactly(rootData);
		assertThat(stage.stats().keptTraces()).isEqualTo(1);
	}

	@Test
	void anErrorIsAlwaysKeptWhateverTheThreshold() {
		TailSamplingStage stage = new TailSamplingStage(Level.FATAL, Duration.ofHours(1).toNanos(), 0.0, 100, 10,
				Duration.ofSeconds(30).toNanos(), this.clock, this.openTraces);
		Span root = this.tracer.spanBuilder("root").startSpan();
		SpanData failed = child(root, "failed", null, true);
		SpanData errorLevel = child(root, "error log", (long) Level.ERROR.number(), false);
		assertThat(stage.process(List.of(failed, errorLevel))).containsExactly(failed, errorLevel);
	}

	@Test
	void aTraceThatRunsLongerThanTheDurationIsKept() {
		TailSamplingStage stage = stage();
		Span root = this.tracer.spanBuilder("root").startSpan();
		SpanData early = child(root, "early", null, false);
		this.clock.advance(Duration.ofSeconds(6));
		SpanData rootData = end(root);
		assertThat(stage.process(List.of(early, rootData))).containsExactly(early, rootData);
	}

	@Test
	void aLateChildShowsTheTraceIsLongBeforeTheRootEnds() {
		TailSamplingStage stage = stage();
		Span root = this.tracer.spanBuilder("root").startSpan();
		SpanData early = child(root, "early", null, false);
		assertThat(stage.process(List.of(early))).isEmpty();
		this.clock.advance(Duration.ofSeconds(5));
		SpanData late = child(root, "late", null, false);
		assertThat(stage.process(List.of(late))).containsExactly(early, late);
	}

	@Test
	void anAsyncChildThatOutlivesTheRootIsDecidedWithItsTrace() {
		TailSamplingStage stage = stage();
		Span root = this.tracer.spanBuilder("root").startSpan();
		Span async = this.tracer.spanBuilder("async").setParent(Context.root().with(root)).startSpan();
		SpanData rootData = end(root);
		// The root ended, a span of its trace still runs: held, not decided.
		assertThat(stage.process(List.of(rootData))).isEmpty();
		assertThat(stage.stats().bufferedTraces()).isEqualTo(1);
		async.setStatus(StatusCode.ERROR);
		SpanData asyncData = end(async);
		assertThat(stage.process(List.of(asyncData))).containsExactly(rootData, asyncData);

		Span quietRoot = this.tracer.spanBuilder("quiet root").startSpan();
		Span quietAsync = this.tracer.spanBuilder("quiet async").setParent(Context.root().with(quietRoot)).startSpan();
		assertThat(stage.process(List.of(end(quietRoot)))).isEmpty();
		assertThat(stage.process(List.of(end(quietAsync)))).isEmpty();
		assertThat(stage.stats()).isEqualTo(new TailSamplingStage.Stats(0, 0, 1, 1, 2, 0, 0));
	}

	@Test
	void aSpanQueuedBehindItsDecidedRootFollowsTheDecision() {
		TailSamplingStage stage = stage();
		Span root = this.tracer.spanBuilder("root").startSpan();
		Span child = this.tracer.spanBuilder("child").setParent(Context.root().with(root)).startSpan();
		SpanData rootData = end(root);
		SpanData childData = end(child);
		// Both ended before the stage saw the root: decided (dropped) at the root.
		assertThat(stage.process(List.of(rootData))).isEmpty();
		assertThat(stage.process(List.of(childData))).isEmpty();
		assertThat(stage.stats()).isEqualTo(new TailSamplingStage.Stats(0, 0, 0, 1, 2, 0, 0));
	}

	@Test
	void pendingCopiesFollowTheirTraceAndDecideNothing() {
		TailSamplingStage stage = stage();
		Span root = this.tracer.spanBuilder("root").startSpan();
		Span step = this.tracer.spanBuilder("step").setParent(Context.root().with(root)).startSpan();
		step.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.ERROR.number());
		SpanData copy = pendingCopyOf(step);
		// A copy at level error does not keep the trace: the span it copies has not ended.
		assertThat(stage.process(List.of(copy))).isEmpty();
		step.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.INFO.number());
		SpanData stepData = end(step);
		SpanData rootData = end(root);
		assertThat(stage.process(List.of(stepData, rootData))).isEmpty();
		assertThat(stage.stats().droppedSpans()).isEqualTo(3);

		Span failing = this.tracer.spanBuilder("failing").startSpan();
		SpanData failingCopy = pendingCopyOf(failing);
		assertThat(stage.process(List.of(failingCopy))).isEmpty();
		failing.setStatus(StatusCode.ERROR);
		SpanData failingData = end(failing);
		assertThat(stage.process(List.of(failingData))).containsExactly(failingCopy, failingData);
	}

	/** A pending copy of a running span, as the pending span processor makes it. */
	private static SpanData pendingCopyOf(Span span) {
		SpanData running = ((io.opentelemetry.sdk.trace.ReadableSpan) span).toSpanData();
		return new io.opentelemetry.sdk.trace.data.DelegatingSpanData(running) {

			@Override
			public io.opentelemetry.api.common.Attributes getAttributes() {
				return running.getAttributes()
					.toBuilder()
					.put(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_PENDING)
					.build();
			}

			@Override
			public long getEndEpochNanos() {
				return running.getStartEpochNanos();
			}

		};
	}

	@Test
	void aSpanWithARemoteParentIsALocalRoot() {
		TailSamplingStage stage = stage(1.0, Duration.ofSeconds(30), 100, 10);
		SpanContext remote = SpanContext.createFromRemoteParent(IdGenerator.random().generateTraceId(),
				IdGenerator.random().generateSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
		Span server = this.tracer.spanBuilder("server").setParent(Context.root().with(Span.wrap(remote))).startSpan();
		SpanData inner = child(server, "inner", null, false);
		assertThat(stage.process(List.of(inner))).isEmpty();
		SpanData serverData = end(server);
		// Decided when the local root ends: kept here at a background rate of 1.
		assertThat(stage.process(List.of(serverData))).containsExactly(inner, serverData);
	}

	@Test
	void theBackgroundRateKeepsThatShareOfOrdinaryTracesByTraceId() {
		TailSamplingStage stage = stage(0.3, Duration.ofSeconds(30), 10_000, 1_000);
		int traces = 4000;
		List<SpanData> roots = new ArrayList<>();
		for (int i = 0; i < traces; i++) {
			roots.add(end(this.tracer.spanBuilder("root " + i).startSpan()));
		}
		Collection<SpanData> kept = stage.process(roots);
		// Binomial(4000, 0.3): mean 1200, standard deviation 29; five of them either side.
		assertThat(kept.size()).isBetween(1200 - 145, 1200 + 145);
		// By trace id, so a second stage (another service) makes the same choices.
		assertThat(stage(0.3, Duration.ofSeconds(30), 10_000, 1_000).process(roots)).containsExactlyElementsOf(kept);
	}

	@Test
	void aRootThatNeverEndsIsDecidedAtTheTimeout() {
		TailSamplingStage stage = stage(0.0, Duration.ofSeconds(2), 100, 10);
		Span longRoot = this.tracer.spanBuilder("never ends").startSpan();
		SpanData orphan = child(longRoot, "child", null, false);
		assertThat(stage.process(List.of(orphan))).isEmpty();
		this.clock.advance(Duration.ofSeconds(3));
		// Expiry is checked as batches pass; 3 s is under the 5 s duration threshold: dropped.
		assertThat(stage.process(List.of())).isEmpty();
		assertThat(stage.stats().timedOutTraces()).isEqualTo(1);
		assertThat(stage.stats().droppedTraces()).isEqualTo(1);

		TailSamplingStage patient = stage(0.0, Duration.ofSeconds(10), 100, 10);
		Span slowRoot = this.tracer.spanBuilder("slow").startSpan();
		SpanData slowChild = child(slowRoot, "child", null, false);
		assertThat(patient.process(List.of(slowChild))).isEmpty();
		this.clock.advance(Duration.ofSeconds(11));
		// Still running after 11 s: longer than the duration threshold, kept.
		assertThat(patient.process(List.of())).containsExactly(slowChild);
	}

	@Test
	void drainDecidesWhatIsStillBufferedAtShutdown() {
		TailSamplingStage stage = stage();
		Span slowRoot = this.tracer.spanBuilder("slow").startSpan();
		SpanData slowChild = child(slowRoot, "slow child", null, false);
		this.clock.advance(Duration.ofSeconds(6));
		Span quickRoot = this.tracer.spanBuilder("quick").startSpan();
		SpanData quickChild = child(quickRoot, "quick child", null, false);
		assertThat(stage.process(List.of(slowChild, quickChild))).isEmpty();
		// Neither root ended: the one running for 6 s is long enough to keep, the other is not.
		assertThat(stage.drain()).containsExactly(slowChild);
		assertThat(stage.stats().bufferedTraces()).isZero();
	}

	@Test
	void memoryStaysBoundedUnderAFloodOfTracesThatNeverEnd() {
		int maxSpans = 2_000;
		int maxTraces = 300;
		TailSamplingStage stage = stage(0.0, Duration.ofSeconds(30), maxSpans, maxTraces);
		List<Span> roots = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			roots.add(this.tracer.spanBuilder("never ends " + i).startSpan());
		}
		long spans = 0;
		List<SpanData> batch = new ArrayList<>();
		for (int round = 0; round < 10; round++) {
			for (Span root : roots) {
				batch.add(child(root, "child", null, false));
				if (batch.size() == 512) {
					spans += batch.size();
					stage.process(batch);
					batch.clear();
					this.ended.clear();
					TailSamplingStage.Stats stats = stage.stats();
					assertThat(stats.bufferedSpans()).isLessThanOrEqualTo(maxSpans);
					assertThat(stats.bufferedTraces()).isLessThanOrEqualTo(maxTraces);
				}
			}
		}
		TailSamplingStage.Stats stats = stage.stats();
		assertThat(spans).isGreaterThan(100_000);
		assertThat(stats.evictedTraces()).isGreaterThan(19_000);
		assertThat(stats.droppedSpans() + stats.bufferedSpans()).isEqualTo(spans);
	}

	/** A clock the test moves; the SDK stamps spans with it too. */
	static final class ManualClock implements Clock {

		private final AtomicLong nanos = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

		@Override
		public long now() {
			return this.nanos.get();
		}

		@Override
		public long nanoTime() {
			return this.nanos.get();
		}

	}

}
