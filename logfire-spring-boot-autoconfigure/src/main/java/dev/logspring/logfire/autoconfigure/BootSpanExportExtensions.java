package dev.logspring.logfire.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.logspring.logfire.api.ExportStage;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.core.Ordered;

/**
 * Spring Boot's span-export extension points ({@link SpanExportingPredicate},
 * {@link SpanFilter} and {@link SpanReporter} beans) applied to everything our pipeline exports,
 * once per batch, by Micrometer's {@link CompositeSpanExporter} as in Boot's own batch processor
 * (which ours replaces). Runs after the other stages, on spans already sanitized. Micrometer
 * rebuilds the spans it hands on (dropped counts are lost, as in Boot's processor), so spans pass
 * untouched where the application declares none of these beans.
 */
final class BootSpanExportExtensions implements ExportStage, Ordered {

	private final CompositeSpanExporter composite;

	private final boolean none;

	private final Collector collector = new Collector();

	BootSpanExportExtensions(List<SpanExportingPredicate> predicates, List<SpanReporter> reporters,
			List<SpanFilter> filters) {
		this.composite = new CompositeSpanExporter(List.of(this.collector), predicates, reporters, filters);
		this.none = predicates.isEmpty() && reporters.isEmpty() && filters.isEmpty();
	}

	@Override
	public Collection<SpanData> process(Collection<SpanData> spans) {
		if (this.none) {
			return spans;
		}
		// The composite hands what it keeps to the collector synchronously, on this thread.
		this.composite.export(spans);
		return this.collector.take();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private static final class Collector implements SpanExporter {

		private List<SpanData> kept = List.of();

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.kept = new ArrayList<>(spans);
			return CompletableResultCode.ofSuccess();
		}

		List<SpanData> take() {
			List<SpanData> result = this.kept;
			this.kept = List.of();
			return result;
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

}
