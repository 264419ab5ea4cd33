package dev.logspring.logfire.benchmarks.peers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The OpenTelemetry starter's {@code @WithSpan}, the argument as a span attribute as
 * {@code @Traced} records it. Runs on {@code benchmarks/peers/opentelemetry-starter}'s class path.
 */
public class WithSpanBenchmark extends AnnotatedCallBenchmark<WithSpanBenchmark.PriceService> {

	public static class PriceService {

		@WithSpan
		public long price(@SpanAttribute("sku") String sku) {
			return sku.length() * 100L;
		}

		@WithSpan
		public boolean recording() {
			return Span.current().isRecording();
		}

	}

	@Override
	protected Class<PriceService> serviceType() {
		return PriceService.class;
	}

	@Override
	protected String[] properties() {
		return new String[] { "otel.traces.exporter=none", "otel.metrics.exporter=none", "otel.logs.exporter=none" };
	}

	@Override
	protected boolean recordsSpan(PriceService service) {
		return service.recording();
	}

	@Benchmark
	public long withSpanAnnotation() {
		return this.service.price(this.sku);
	}

}
