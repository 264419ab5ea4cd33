package dev.logspring.logfire.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.logspring.logfire.tracing.TelemetryErrors;
import dev.logspring.logfire.tracing.TelemetryGuard;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The one stream of spans: every ended span passes through the sanitizer (scrubbing, limits),
 * then the export stages (tail sampling), then is handed to each consumer's own queue;
 * consumers marked {@link EverySpanConsumer} get every sanitized span, before the stages. It runs
 * on the batch processor's export thread, never on an application thread.
 * <p>
 * Deliberately not a {@link SpanExporter} itself (it is a bean, and every {@code SpanExporter}
 * bean is one of its consumers): {@link #asSpanExporter()} is what the batch processor calls.
 */
public final class LogfireSpanPipeline {

	private final SpanSanitizer sanitizer;

	private final List<ExportStage> stages;

	private final List<QueuedSpanConsumer> consumers;

	public LogfireSpanPipeline(SpanSanitizer sanitizer, List<ExportStage> stages,
			List<QueuedSpanConsumer> consumers) {
		this.sanitizer = sanitizer;
		this.stages = List.copyOf(stages);
		this.consumers = List.copyOf(consumers);
	}

	/** The view the batch span processor exports to. */
	public SpanExporter asSpanExporter() {
		return new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				return LogfireSpanPipeline.this.export(spans);
			}

			@Override
			public CompletableResultCode flush() {
				return LogfireSpanPipeline.this.flush();
			}

			@Override
			public CompletableResultCode shutdown() {
				return LogfireSpanPipeline.this.shutdown();
			}

		};
	}

	public CompletableResultCode export(Collection<SpanData> spans) {
		// Logs written while we sanitize or sample must not become spans of the next batch.
		try (TelemetryGuard.Handle guard = TelemetryGuard.enter()) {
			Collection<SpanData> sanitized = sanitize(spans);
			Collection<SpanData> kept = sanitized;
			for (ExportStage stage : this.stages) {
				kept = stage.process(kept);
			}
			for (QueuedSpanConsumer consumer : this.consumers) {
				offer(consumer, seesEverySpan(consumer) ? sanitized : kept);
			}
			return CompletableResultCode.ofSuccess();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("the span pipeline", ex);
			return CompletableResultCode.ofFailure();
		}
	}

	private Collection<SpanData> sanitize(Collection<SpanData> spans) {
		if (this.sanitizer == null) {
			return spans;
		}
		List<SpanData> sanitized = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			sanitized.add(this.sanitizer.sanitize(span));
		}
		return sanitized;
	}

	private static boolean seesEverySpan(QueuedSpanConsumer consumer) {
		return consumer.exporter() instanceof EverySpanConsumer;
	}

	private static void offer(QueuedSpanConsumer consumer, Collection<SpanData> spans) {
		if (!spans.isEmpty()) {
			consumer.offer(spans);
		}
	}

	public CompletableResultCode flush() {
		return CompletableResultCode.ofAll(QueuedSpanConsumer.flushAll(this.consumers));
	}

	public CompletableResultCode shutdown() {
		for (ExportStage stage : this.stages) {
			try {
				// Consumers of every span already had these when they first passed.
				Collection<SpanData> drained = stage.drain();
				this.consumers.stream()
					.filter((consumer) -> !seesEverySpan(consumer))
					.forEach((consumer) -> offer(consumer, drained));
			}
			catch (RuntimeException ex) {
				TelemetryErrors.report("draining an export stage", ex);
			}
		}
		List<CompletableResultCode> results = new ArrayList<>();
		this.consumers.forEach((consumer) -> results.add(consumer.shutdown()));
		return CompletableResultCode.ofAll(results);
	}

	public List<QueuedSpanConsumer> consumers() {
		return this.consumers;
	}

}
