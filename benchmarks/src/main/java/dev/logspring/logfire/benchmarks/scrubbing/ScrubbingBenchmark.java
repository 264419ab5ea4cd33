package dev.logspring.logfire.benchmarks.scrubbing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import dev.logspring.logfire.scrubbing.LogfireSpanSanitizer;
import dev.logspring.logfire.scrubbing.Scrubber;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * What scrubbing adds per span, as ratios to the same span unscrubbed, measured in one run:
 * <ul>
 * <li>{@code serialize} (baseline) against {@code sanitizeAndSerialize}: the export thread's work
 * for one span, which every exporter does (OTLP protobuf, before compression and network), with
 * and without the sanitizer in front. The strict figure.</li>
 * <li>{@code recordAndSerialize} (baseline) against {@code recordSanitizeAndSerialize}: the whole
 * life of the span, from the application's {@code spanBuilder} to the serialised bytes.</li>
 * <li>{@code recordSerializeAndCompress} (baseline) against
 * {@code recordSanitizeSerializeAndCompress}: what the Logfire exporter does, per span of a batch
 * of {@value #BATCH} compressed with gzip into one request (network left out). Spans of a batch
 * differ only in ids and times, so they compress better than real ones: this understates the
 * baseline, and so overstates the ratio.</li>
 * <li>{@code sanitize} alone, for the absolute cost.</li>
 * </ul>
 * The span: 10 attributes as a traced order handler produces them (Logfire's message and
 * template, an id, an e-mail, an HTTP method, a URL, a user agent, two JSON objects). {@code clean}
 * has nothing to scrub, the common case; {@code secrets} has a session id inside the JSON and an
 * api_key in the URL's query. {@code default+extra} adds two extra patterns that start with
 * literal text; {@code default+unanchored} one that does not (a card number), which turns the
 * literal pre-filter off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ScrubbingBenchmark {

	static final int BATCH = 512;

	@Param({ "clean", "secrets" })
	public String span;

	@Param({ "default", "default+extra", "default+unanchored" })
	public String patterns;

	private SdkTracerProvider provider;

	private Tracer tracer;

	private SpanData data;

	private LogfireSpanSanitizer sanitizer;

	private final OutputStream sink = OutputStream.nullOutputStream();

	@Setup
	public void setUp() {
		// No processor: the benchmark reads the span's data itself.
		this.provider = SdkTracerProvider.builder().build();
		this.tracer = this.provider.get("benchmark");
		this.data = record();
		List<String> extra = switch (this.patterns) {
			case "default+extra" -> List.of("sk-[a-z0-9]{20,}", "iban");
			case "default+unanchored" -> List.of("\\b\\d{16}\\b");
			default -> List.of();
		};
		this.sanitizer = new LogfireSpanSanitizer(new Scrubber(extra, null), 4096, 65536, 128);
		if (this.data.getAttributes().size() != 10) {
			throw new IllegalStateException("expected 10 attributes: " + this.data.getAttributes());
		}
	}

	@TearDown
	public void tearDown() {
		this.provider.close();
	}

	@Benchmark
	public SpanData sanitize() {
		return this.sanitizer.sanitize(this.data);
	}

	@Benchmark
	public void serialize() throws IOException {
		serialize(this.data);
	}

	@Benchmark
	public void sanitizeAndSerialize() throws IOException {
		serialize(this.sanitizer.sanitize(this.data));
	}

	@Benchmark
	public void recordAndSerialize() throws IOException {
		serialize(record());
	}

	@Benchmark
	public void recordSanitizeAndSerialize() throws IOException {
		serialize(this.sanitizer.sanitize(record()));
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void recordSerializeAndCompress() throws IOException {
		List<SpanData> batch = new ArrayList<>(BATCH);
		for (int i = 0; i < BATCH; i++) {
			batch.add(record());
		}
		compress(batch);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void recordSanitizeSerializeAndCompress() throws IOException {
		List<SpanData> batch = new ArrayList<>(BATCH);
		for (int i = 0; i < BATCH; i++) {
			batch.add(this.sanitizer.sanitize(record()));
		}
		compress(batch);
	}

	private void compress(List<SpanData> batch) throws IOException {
		try (GZIPOutputStream gzip = new GZIPOutputStream(OutputStream.nullOutputStream())) {
			TraceRequestMarshaler.create(batch).writeBinaryTo(gzip);
		}
	}

	private void serialize(SpanData span) throws IOException {
		TraceRequestMarshaler.create(List.of(span)).writeBinaryTo(this.sink);
	}

	/** Records the span as an application would, and returns its data. */
	private SpanData record() {
		boolean secrets = this.span.equals("secrets");
		Span span = this.tracer.spanBuilder("order {order_id} placed by {customer}")
			.setAttribute("logfire.span_type", "span")
			.setAttribute("logfire.msg_template", "order {order_id} placed by {customer}")
			.setAttribute("logfire.msg", "order 12345 placed by alice@example.com")
			.setAttribute("order_id", 12345L)
			.setAttribute("customer", "alice@example.com")
			.setAttribute("http.request.method", "POST")
			.setAttribute("url.full", "https://shop.example.com/api/orders?expand=items&page=2"
					+ (secrets ? "&api_key=k-7f3a9c2e41" : ""))
			.setAttribute("user_agent.original",
					"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")
			.setAttribute(AttributeKey.stringKey("items"),
					"[{\"sku\":\"A-100\",\"qty\":2,\"price\":19.99},{\"sku\":\"B-200\",\"qty\":1,\"price\":5.5}]")
			.setAttribute(AttributeKey.stringKey("address"),
					"{\"street\":\"12 Rue de la Paix\",\"city\":\"Paris\",\"zip\":\"75002\",\"country\":\"FR\""
							+ (secrets ? ",\"session\":\"s-91bd02\"" : "") + "}")
			.startSpan();
		span.end();
		return ((ReadableSpan) span).toSpanData();
	}

}
