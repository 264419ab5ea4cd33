package dev.logspring.logfire.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.logspring.logfire.api.EverySpanConsumer;
import dev.logspring.logfire.api.ExportStage;
import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.TelemetryGuard;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

/**
 * The one stream of spans: every ended span passes through the sanitizer (scrubbing, limits),
 * then the export stages (tail sampling), then is handed to each consumer's own queue;
 * consumers marked {@link EverySpanConsumer} get every sanitized span, before the stages; the
 * pending copies of running spans go only to consumers marked {@link PendingSpanConsumer}. It runs
 * on the batch processor's export thread, never on an application thread.
 * <p>
 * Deliberately not a {@link SpanExporter} itself (it is a bean, and every {@code SpanExporter}
 * bean is one of its consumers): {@link #asSpanExporter()} is what the batch processor calls.
 */
public final class LogfireSpanPipeline {

	private final @Nullable SpanSanitizer sanitizer;

	private final List<ExportStage> stages;

	private final List<QueuedSpanConsumer> consumers;

	/** Consumers marked {@link EverySpanConsumer}: they get the batch before the stages. */
	private final List<QueuedSpanConsumer> everySpanConsumers;

	/** The others: they get what the stages keep. */
	private final List<QueuedSpanConsumer> keptSpanConsumers;

	/** Those of the others marked {@link PendingSpanConsumer}: they also get pending copies. */
	private final List<QueuedSpanConsumer> pendingSpanConsumers;

	/** The rest of the others. */
	private final List<QueuedSpanConsumer> endedSpanConsumers;

	public LogfireSpanPipeline(@Nullable SpanSanitizer sanitizer, List<ExportStage> stages,
			List<QueuedSpanConsumer> consumers) {
		this.sanitizer = sanitizer;
		this.stages = List.copyOf(stages);
		this.consumers = List.copyOf(consumers);
		this.everySpanConsumers = this.consumers.stream()
			.filter((consumer) -> consumer.exporter() instanceof EverySpanConsumer)
			.toList();
		this.keptSpanConsumers = this.consumers.stream()
			.filter((consumer) -> !this.everySpanConsumers.contains(consumer))
			.toList();
		this.pendingSpanConsumers = this.keptSpanConsumers.stream()
			.filter((consumer) -> consumer.exporter() instanceof PendingSpanConsumer)
			.toList();
		this.endedSpanConsumers = this.keptSpanConsumers.stream()
			.filter((consumer) -> !this.pendingSpanConsumers.contains(consumer))
			.toList();
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
			deliver(this.everySpanConsumers, withoutPendingCopies(sanitized));
			deliver(this.pendingSpanConsumers, kept);
			deliver(this.endedSpanConsumers, withoutPendingCopies(kept));
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

	/** The batch without pending copies: the same collection when it has none (the usual case). */
	private static Collection<SpanData> withoutPendingCopies(Collection<SpanData> spans) {
		for (SpanData span : spans) {
			if (PendingSpanConsumer.isPendingCopy(span)) {
				return spans.stream().filter((candidate) -> !PendingSpanConsumer.isPendingCopy(candidate)).toList();
			}
		}
		return spans;
	}

	private static void deliver(List<QueuedSpanConsumer> consumers, Collection<SpanData> spans) {
		if (spans.isEmpty()) {
			return;
		}
		for (QueuedSpanConsumer consumer : consumers) {
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
				deliver(this.pendingSpanConsumers, drained);
				deliver(this.endedSpanConsumers, withoutPendingCopies(drained));
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
