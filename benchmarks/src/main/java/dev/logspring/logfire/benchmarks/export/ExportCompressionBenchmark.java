package dev.logspring.logfire.benchmarks.export;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.benchmarks.http.DiscardingBackend;
import dev.logspring.logfire.config.LogfireConnectionDetails;
import dev.logspring.logfire.config.LogfireProperties.Export.Compression;
import dev.logspring.logfire.export.LogfireDestinations;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one span costs the exporting thread in our OTLP exporter (protobuf, then gzip or not, then
 * the POST to a loopback receiver that discards it), per {@code logfire.export.compression}: a
 * batch of 512 HTTP server spans shaped as the starter records them, through the exporter that
 * {@link LogfireDestinations} builds. Reported per span: time, and the exporting thread's CPU
 * ({@code cpuNanosPerSpan}, which leaves out the receiver's). Not part of {@code run.sh}'s JMH
 * run; the command is in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class ExportCompressionBenchmark {

	private static final int BATCH = 512;

	@Param({ "gzip", "none" })
	public String compression;

	private DiscardingBackend backend;

	private SpanExporter exporter;

	private final List<SpanData> batch = new ArrayList<>();

	/**
	 * The exporting thread's CPU time, per span, per iteration (an event counter: JMH reports it as
	 * is, one benchmark thread).
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class ThreadCpu {

		private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

		private long nanos;

		private long spans;

		@Setup(Level.Iteration)
		public void reset() {
			this.nanos = 0;
			this.spans = 0;
		}

		public double cpuNanosPerSpan() {
			return (this.spans == 0) ? 0 : (double) this.nanos / this.spans;
		}

	}

	@Setup
	public void start() throws Exception {
		this.backend = new DiscardingBackend();
		LogfireConnectionDetails connection = new LogfireConnectionDetails() {

			@Override
			public List<Endpoint> logfire() {
				return List.of(Endpoint.logfire(ExportCompressionBenchmark.this.backend.baseUrl(), "pylf_v1_us_benchmark"));
			}

			@Override
			public Endpoint otlp() {
				return null;
			}

		};
		LogfireDestinations destinations = new LogfireDestinations(connection, Duration.ofSeconds(30),
				Compression.valueOf(this.compression.toUpperCase()));
		this.exporter = destinations.spanExporter(destinations.all().get(0));
		this.batch.addAll(serverSpans());
	}

	/** Spans with the attributes of the starter's HTTP server spans, each with its own values. */
	private static List<SpanData> serverSpans() {
		RecordingSpanExporter collect = new RecordingSpanExporter();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(collect))
			.build()) {
			Tracer tracer = provider.get("org.springframework.boot");
			for (int i = 0; i < BATCH; i++) {
				tracer.spanBuilder("GET /orders/{id}")
					.setSpanKind(SpanKind.SERVER)
					.setAttribute("logfire.span_type", "span")
					.setAttribute("logfire.msg_template", "GET /orders/{id}")
					.setAttribute("logfire.msg", "GET /orders/" + i)
					.setAttribute("http.request.method", "GET")
					.setAttribute("http.route", "/orders/{id}")
					.setAttribute("url.path", "/orders/" + i)
					.setAttribute("url.scheme", "http")
					.setAttribute("server.address", "localhost")
					.setAttribute("client.address", "127.0.0.1")
					.setAttribute("user_agent.original", "Java-http-client/17.0.15")
					.setAttribute("http.response.status_code", 200L)
					.startSpan()
					.end();
			}
		}
		return collect.spans();
	}

	@TearDown
	public void stop() {
		this.exporter.shutdown().join(10, TimeUnit.SECONDS);
		this.backend.close();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public boolean exportBatch(ThreadCpu cpu) {
		long before = ThreadCpu.THREADS.getCurrentThreadCpuTime();
		boolean success = this.exporter.export(this.batch).join(10, TimeUnit.SECONDS).isSuccess();
		cpu.nanos += ThreadCpu.THREADS.getCurrentThreadCpuTime() - before;
		cpu.spans += BATCH;
		if (!success) {
			throw new IllegalStateException("The loopback receiver did not accept the batch");
		}
		return success;
	}

}
