package dev.logspring.logfire.alerts;

import java.util.Collection;
import java.util.List;

import dev.logspring.logfire.api.EverySpanConsumer;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Feeds the alerts' windows from the span stream. As a {@link SpanExporter} bean it is one of
 * the pipeline's consumers: it receives sanitized spans in batches on its own thread, never on
 * an application thread; every span, before tail sampling, so that rates and percentiles count
 * all the traffic and not the traces sampling favours.
 */
final class AlertSpanExporter implements SpanExporter, EverySpanConsumer {

	private final List<AlertMonitor> monitors;

	AlertSpanExporter(List<AlertMonitor> monitors) {
		this.monitors = monitors.stream().filter((monitor) -> monitor.definition().metric().fromSpans()).toList();
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.monitors.isEmpty()) {
			return CompletableResultCode.ofSuccess();
		}
		try {
			for (SpanData span : spans) {
				SpanSample sample = SpanSample.of(span);
				for (AlertMonitor monitor : this.monitors) {
					if (monitor.accepts(sample)) {
						monitor.record(sample);
					}
				}
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("alerts reading spans", ex);
		}
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
