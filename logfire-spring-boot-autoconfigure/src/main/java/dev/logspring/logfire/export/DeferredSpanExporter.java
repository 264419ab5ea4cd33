package dev.logspring.logfire.export;

import java.util.Collection;
import java.util.function.Supplier;

import dev.logspring.logfire.pipeline.PendingSpanConsumer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter built by its first export (see {@link DeferredExporter}). It sends to one of
 * the starter's destinations, which also get pending copies of running spans.
 */
final class DeferredSpanExporter implements SpanExporter, PendingSpanConsumer {

	private final DeferredExporter<SpanExporter> exporter;

	DeferredSpanExporter(Supplier<SpanExporter> build) {
		this.exporter = new DeferredExporter<>(build);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		SpanExporter exporter;
		try {
			exporter = this.exporter.get();
		}
		catch (RuntimeException ex) {
			return CompletableResultCode.ofExceptionalFailure(ex);
		}
		return exporter.export(spans);
	}

	@Override
	public CompletableResultCode flush() {
		return this.exporter.flush(SpanExporter::flush);
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.exporter.shutdown(SpanExporter::shutdown);
	}

	boolean isBuilt() {
		return this.exporter.isBuilt();
	}

}
