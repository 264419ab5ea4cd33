package dev.logspring.logfire.explorer;

import java.util.Collection;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The explorer's consumer of the span stream: as a {@link SpanExporter} bean it receives the
 * sanitized spans on its own bounded queue and thread, and writes them to the store.
 */
public final class ExplorerSpanExporter implements SpanExporter {

	private final ExplorerStore store;

	public ExplorerSpanExporter(ExplorerStore store) {
		this.store = store;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		try {
			this.store.ingest(spans);
			return CompletableResultCode.ofSuccess();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("the local explorer", ex);
			return CompletableResultCode.ofFailure();
		}
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		// The store is a bean of its own and is closed with the context.
		return CompletableResultCode.ofSuccess();
	}

}
