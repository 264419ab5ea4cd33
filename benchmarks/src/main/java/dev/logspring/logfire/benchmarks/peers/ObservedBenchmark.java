package dev.logspring.logfire.benchmarks.peers;

import io.micrometer.observation.annotation.Observed;
import io.opentelemetry.api.trace.Span;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Micrometer's {@code @Observed} under Spring Boot's own OpenTelemetry support: an observation,
 * its timer and its span, every trace sampled. Runs on {@code benchmarks/peers/boot-opentelemetry}'s
 * class path.
 */
public class ObservedBenchmark extends AnnotatedCallBenchmark<ObservedBenchmark.PriceService> {

	public static class PriceService {

		@Observed(name = "price", contextualName = "PriceService.price")
		public long price(String sku) {
			return sku.length() * 100L;
		}

		@Observed(name = "recording")
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
		return new String[] { "management.observations.annotations.enabled=true",
				"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false" };
	}

	@Override
	protected boolean recordsSpan(PriceService service) {
		return service.recording();
	}

	@Benchmark
	public long observedAnnotation() {
		return this.service.price(this.sku);
	}

}
