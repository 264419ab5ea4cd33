package dev.logspring.logfire.sampling;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.api.EverySpanConsumer;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tail sampling as users configure it: whole traces kept for a notice, an error or a long
 * duration, ordinary ones dropped, and what is still undecided at shutdown decided then.
 */
class TailSamplingTest {

	private final RecordingSpanExporter exporter = new RecordingSpanExporter();

	private final ApplicationContextRunner runner = LogfireContextRunners.full()
		.withBean(RecordingSpanExporter.class, () -> this.exporter)
		.withPropertyValues("logfire.sampling.tail.enabled=true");

	@Test
	void keepsWholeTracesWithANoticeAnErrorOrALongDurationAndDropsTheRest() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			try (LogfireSpan request = logfire.span("ordinary request")) {
				logfire.info("ordinary detail");
			}
			try (LogfireSpan request = logfire.span("noticed request")) {
				logfire.info("detail before");
				logfire.notice("something to notice");
			}
			try (LogfireSpan request = logfire.span("failed request")) {
				logfire.debug("detail of the failure");
				request.recordException(new IllegalStateException("boom"));
			}
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
			Span slow = tracer.spanBuilder("slow request").setStartTimestamp(Instant.now().minusSeconds(6)).startSpan();
			try (Scope scope = slow.makeCurrent()) {
				logfire.info("detail of the slow request");
			}
			slow.end();
			this.exporter.awaitSpanNamed("slow request");
			TailSamplingStage.Stats stats = context.getBean(TailSamplingStage.class).stats();
			assertThat(stats.keptTraces()).isEqualTo(3);
			assertThat(stats.droppedTraces()).isEqualTo(1);
			assertThat(stats.droppedSpans()).isEqualTo(2);
		});
		assertThat(names()).containsExactlyInAnyOrder("detail before", "something to notice", "noticed request",
				"detail of the failure", "failed request", "detail of the slow request", "slow request");
	}

	@Test
	void whatIsStillUndecidedAtShutdownIsDecidedThenNotLost() {
		this.runner.withPropertyValues("logfire.sampling.tail.background-rate=1")
			.run(TailSamplingTest::leaveAStepUndecided);
		// Its root never ended: the stage decided at shutdown (background rate 1: kept).
		assertThat(names()).containsExactly("step of a job that outlives the application");
	}

	@Test
	void aBackgroundRateOfOneKeepsEverything() {
		this.runner.withPropertyValues("logfire.sampling.tail.background-rate=1").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			try (LogfireSpan request = logfire.span("ordinary request")) {
				logfire.info("ordinary detail");
			}
		});
		assertThat(names()).containsExactlyInAnyOrder("ordinary request", "ordinary detail");
	}

	@Test
	void consumersOfEverySpanGetTheDroppedSpansToo() {
		EverySpanRecorder everySpan = new EverySpanRecorder();
		this.runner.withBean(EverySpanRecorder.class, () -> everySpan).run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			try (LogfireSpan request = logfire.span("ordinary request")) {
				logfire.info("ordinary detail");
			}
			try (LogfireSpan request = logfire.span("failed request")) {
				request.recordException(new IllegalStateException("boom"));
			}
		});
		assertThat(everySpan.spans().stream().map(SpanData::getName)).containsExactlyInAnyOrder("ordinary request",
				"ordinary detail", "failed request");
		assertThat(names()).containsExactly("failed request");
	}

	@Test
	void consumersOfEverySpanDoNotGetTwiceWhatIsDecidedAtShutdown() {
		EverySpanRecorder everySpan = new EverySpanRecorder();
		this.runner.withBean(EverySpanRecorder.class, () -> everySpan)
			.withPropertyValues("logfire.sampling.tail.background-rate=1")
			.run(TailSamplingTest::leaveAStepUndecided);
		assertThat(names()).containsExactly("step of a job that outlives the application");
		assertThat(everySpan.spans().stream().map(SpanData::getName))
			.containsExactly("step of a job that outlives the application");
	}

	/** A consumer that counts: it sees every span, before tail sampling. */
	static class EverySpanRecorder extends RecordingSpanExporter implements EverySpanConsumer {

	}

	@Test
	void offByDefault() {
		LogfireContextRunners.full().run((context) -> assertThat(context).doesNotHaveBean(TailSamplingStage.class));
	}

	/** A step under a root that never ends: still held by the stage when the application stops. */
	private static void leaveAStepUndecided(ApplicationContext context) {
		Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
		Span running = tracer.spanBuilder("still running").startSpan();
		try (Scope scope = running.makeCurrent()) {
			context.getBean(Logfire.class).info("step of a job that outlives the application");
		}
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		assertThat(context.getBean(TailSamplingStage.class).stats().bufferedSpans()).isEqualTo(1);
	}

	private List<String> names() {
		return this.exporter.spans().stream().map(SpanData::getName).toList();
	}

}
