package dev.logspring.logfire.benchmarks.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.logspring.logfire.benchmarks.BenchmarkDefaults;
import dev.logspring.logfire.benchmarks.Results;
import dev.logspring.logfire.pipeline.BatchProcessorMonitor;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Export throughput to a loopback OTLP receiver, through the starter's pipeline (batch
 * processor, pipeline, per-destination queue, our OTLP sender) against the SDK's own batch
 * processor and OTLP exporter, both at default settings: spans lost at a steady 50,000 spans/s
 * (target: none), and spans delivered per second when offered more than can be sent.
 */
public final class ExportBenchmark {

	static final int STEADY_RATE = 50_000;

	static final int FLOOD_RATE = 250_000;

	static final Duration PHASE = Duration.ofSeconds(5);

	private static final AttributeKey<Long> ORDER = AttributeKey.longKey("order_id");

	private static final AttributeKey<String> CUSTOMER = AttributeKey.stringKey("customer");

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	interface Variant extends AutoCloseable {

		Tracer tracer();

		/** Spans dropped before export, as far as the variant can tell (-1: unknown). */
		long dropped();

		/** Sends what is queued now, as a graceful stop would, without waiting for the schedule. */
		void flush();

		@Override
		void close();

	}

	public static void main(String[] args) {
		Path output = Path.of(args[0]);
		Run raw = run("raw SDK", ExportBenchmark::rawSdk);
		Run ours = run("starter", ExportBenchmark::starter);
		Results results = new Results("Export (4)");
		results.row("Spans lost at " + STEADY_RATE + " spans/s for " + PHASE.toSeconds() + " s", lostText(raw.steady),
				lostText(ours.steady), "", "0 lost", ours.steady.lost() == 0);
		results.row("Delivered spans/s when offered " + FLOOD_RATE + "/s", String.format("%.0f", raw.flood.deliveredRate()),
				String.format("%.0f", ours.flood.deliveredRate()),
				String.format("%.3f", ours.flood.deliveredRate() / raw.flood.deliveredRate()), "≥ 50,000 spans/s",
				ours.flood.deliveredRate() >= 50_000);
		results.write(output);
	}

	private static String lostText(Phase phase) {
		return phase.lost() + " of " + phase.emitted();
	}

	record Phase(long emitted, long received, double deliveredRate) {

		long lost() {
			return this.emitted - this.received;
		}

	}

	record Run(Phase steady, Phase flood) {
	}

	interface VariantFactory {

		Variant create(OtlpReceiver receiver);

	}

	private static Run run(String name, VariantFactory factory) {
		Phase warmup = phase(factory, 20_000, Duration.ofSeconds(3));
		System.out.println(name + " warm-up: " + warmup);
		Phase steady = phase(factory, STEADY_RATE, PHASE);
		System.out.println(name + " steady: " + steady);
		Phase flood = phase(factory, FLOOD_RATE, PHASE);
		System.out.println(name + " flood: " + flood);
		return new Run(steady, flood);
	}

	/** Emits at {@code rate} for {@code duration}, then waits for the receiver to settle. */
	private static Phase phase(VariantFactory factory, int rate, Duration duration) {
		try (OtlpReceiver receiver = new OtlpReceiver(); Variant variant = factory.create(receiver)) {
			Tracer tracer = variant.tracer();
			long start = System.nanoTime();
			long end = start + duration.toNanos();
			long emitted = 0;
			long now;
			while ((now = System.nanoTime()) < end) {
				long due = (now - start) * rate / 1_000_000_000L;
				while (emitted < due) {
					tracer.spanBuilder("process order")
						.setAttribute(ORDER, emitted)
						.setAttribute(CUSTOMER, "alice")
						.startSpan()
						.end();
					emitted++;
				}
				LockSupport.parkNanos(200_000);
			}
			variant.flush();
			long lastCount = -1;
			long lastChange = System.nanoTime();
			while (System.nanoTime() - lastChange < 1_500_000_000L) {
				int count = receiver.requestCount();
				if (count != lastCount) {
					lastCount = count;
					lastChange = System.nanoTime();
				}
				LockSupport.parkNanos(50_000_000L);
			}
			List<OtlpReceiver.Request> requests = receiver.traceRequests();
			long received = receiver.spans().size();
			double seconds = (requests.isEmpty()) ? 1
					: Duration.between(requests.get(0).receivedAt(), requests.get(requests.size() - 1).receivedAt())
						.toNanos() / 1e9;
			return new Phase(emitted, received, received / Math.max(seconds, duration.toNanos() / 1e9));
		}
	}

	private static Variant rawSdk(OtlpReceiver receiver) {
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor
				.builder(OtlpHttpSpanExporter.builder()
					.setEndpoint(receiver.baseUrl() + "/v1/traces")
					.setCompression("gzip")
					.build())
				.build())
			.build();
		return new Variant() {

			@Override
			public Tracer tracer() {
				return provider.get("benchmark");
			}

			@Override
			public long dropped() {
				return -1;
			}

			@Override
			public void flush() {
				provider.forceFlush().join(30, TimeUnit.SECONDS);
			}

			@Override
			public void close() {
				provider.close();
			}

		};
	}

	private static Variant starter(OtlpReceiver receiver) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(BenchmarkDefaults.PROPERTIES)
			.properties("logfire.token=pylf_v1_us_benchmark", "logfire.base-url=" + receiver.baseUrl(),
					"logfire.metrics.system.enabled=false")
			.run();
		return new Variant() {

			@Override
			public Tracer tracer() {
				return context.getBean(OpenTelemetry.class).getTracer("benchmark");
			}

			@Override
			public long dropped() {
				long dropped = context.getBean(BatchProcessorMonitor.class).stats().droppedSpans();
				for (QueuedSpanConsumer consumer : context.getBean(LogfireSpanPipeline.class).consumers()) {
					dropped += consumer.stats().droppedSpans() + consumer.stats().failedSpans();
				}
				return dropped;
			}

			@Override
			public void flush() {
				context.getBean(SdkTracerProvider.class).forceFlush().join(30, TimeUnit.SECONDS);
			}

			@Override
			public void close() {
				System.out.println("  starter dropped before export: " + dropped() + " (batch processor: "
						+ context.getBean(BatchProcessorMonitor.class).stats().droppedSpans() + ")");
				context.close();
			}

		};
	}

}
