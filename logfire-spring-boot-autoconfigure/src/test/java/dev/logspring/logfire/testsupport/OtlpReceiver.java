package dev.logspring.logfire.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import static org.awaitility.Awaitility.await;

/**
 * A real OTLP/HTTP receiver on a random loopback port. Decodes what it receives with the
 * official {@code opentelemetry-proto} classes and can answer with chosen statuses, delays and
 * headers to play a misbehaving backend.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<Request> attempts = new CopyOnWriteArrayList<>();

	private final AtomicInteger requestCount = new AtomicInteger();

	private volatile Responder responder = (request) -> Response.ok();

	public OtlpReceiver() {
		this(0);
	}

	/** A receiver on {@code port} of the loopback address (0: any free port). */
	public OtlpReceiver(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** A received request: path, headers, the body after gzip decoding, and when it arrived. */
	public record Request(String path, Map<String, List<String>> headers, byte[] rawBody, byte[] body,
			Instant receivedAt) {

		public String header(String name) {
			for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
				if (entry.getKey().equalsIgnoreCase(name)) {
					return entry.getValue().get(0);
				}
			}
			return null;
		}

		public ExportTraceServiceRequest traces() {
			try {
				return ExportTraceServiceRequest.parseFrom(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		public ExportMetricsServiceRequest metrics() {
			try {
				return ExportMetricsServiceRequest.parseFrom(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	public record Response(int status, Duration delay, Map<String, String> headers) {

		public static Response ok() {
			return new Response(200, Duration.ZERO, Map.of());
		}

		public static Response status(int status) {
			return new Response(status, Duration.ZERO, Map.of());
		}

		public static Response delayed(Duration delay) {
			return new Response(200, delay, Map.of());
		}

		public Response withHeader(String name, String value) {
			Map<String, String> headers = new java.util.LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Response(this.status, this.delay, Map.copyOf(headers));
		}

	}

	@FunctionalInterface
	public interface Responder {

		Response respond(Request request);

	}

	public void respondWith(Responder responder) {
		this.responder = responder;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public int requestCount() {
		return this.requestCount.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] raw = exchange.getRequestBody().readAllBytes();
			String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			byte[] body = "gzip".equalsIgnoreCase(encoding) ? gunzip(raw) : raw;
			Request request = new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
					raw, body, Instant.now());
			this.requestCount.incrementAndGet();
			this.attempts.add(request);
			Response response = this.responder.respond(request);
			if (!response.delay().isZero()) {
				// A slow backend, as the test asked for: the exporter must not wait on it.
				Thread.sleep(response.delay().toMillis());
			}
			if (response.status() == 200) {
				this.requests.add(request);
			}
			response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(response.status(), -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static byte[] gunzip(byte[] raw) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
			return in.readAllBytes();
		}
	}

	/** Every request received, whatever the answer, in arrival order. */
	public List<Request> attempts() {
		return List.copyOf(this.attempts);
	}

	/** Requests accepted (answered 200), in arrival order. */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	public List<Request> traceRequests() {
		return this.requests.stream().filter((r) -> r.path().equals("/v1/traces")).toList();
	}

	public List<Request> metricRequests() {
		return this.requests.stream().filter((r) -> r.path().equals("/v1/metrics")).toList();
	}

	/**
	 * Every span received, with the resource and scope it came with, as Logfire's UI lists them:
	 * without the {@code pending_span} copies of running spans (see {@link #pendingSpans()}),
	 * which the UI merges into the span they copy.
	 */
	public List<ReceivedSpan> spans() {
		return received().stream().filter((span) -> !span.isPendingCopy()).toList();
	}

	/** The {@code pending_span} copies of running spans received. */
	public List<ReceivedSpan> pendingSpans() {
		return received().stream().filter(ReceivedSpan::isPendingCopy).toList();
	}

	private List<ReceivedSpan> received() {
		List<ReceivedSpan> spans = new ArrayList<>();
		for (Request request : traceRequests()) {
			for (ResourceSpans resourceSpans : request.traces().getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					for (Span span : scopeSpans.getSpansList()) {
						spans.add(new ReceivedSpan(span, resourceSpans.getResource().getAttributesList()));
					}
				}
			}
		}
		return spans;
	}

	public List<Metric> metrics() {
		List<Metric> metrics = new ArrayList<>();
		for (Request request : metricRequests()) {
			request.metrics()
				.getResourceMetricsList()
				.forEach((rm) -> rm.getScopeMetricsList().forEach((sm) -> metrics.addAll(sm.getMetricsList())));
		}
		return metrics;
	}

	/** Waits until a received span matches, and returns it. */
	public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> condition) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> spans().stream().filter(condition).findFirst().orElse(null), (span) -> span != null);
	}

	/** Waits until a received pending copy matches, and returns it. */
	public ReceivedSpan awaitPendingSpan(Predicate<ReceivedSpan> condition) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> pendingSpans().stream().filter(condition).findFirst().orElse(null), (span) -> span != null);
	}

	public ReceivedSpan awaitSpanNamed(String name) {
		return awaitSpan((span) -> span.name().equals(name));
	}

	/** A decoded span with helpers to read attributes. */
	public record ReceivedSpan(Span span, List<KeyValue> resource) {

		public String name() {
			return this.span.getName();
		}

		public boolean isPendingCopy() {
			return "pending_span".equals(string("logfire.span_type"));
		}

		public AnyValue attribute(String key) {
			return find(this.span.getAttributesList(), key);
		}

		public String string(String key) {
			AnyValue value = attribute(key);
			return (value != null) ? value.getStringValue() : null;
		}

		public Long longValue(String key) {
			AnyValue value = attribute(key);
			return (value != null) ? value.getIntValue() : null;
		}

		public String resourceString(String key) {
			AnyValue value = find(this.resource, key);
			return (value != null) ? value.getStringValue() : null;
		}

		public String traceId() {
			return java.util.HexFormat.of().formatHex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return java.util.HexFormat.of().formatHex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return java.util.HexFormat.of().formatHex(this.span.getParentSpanId().toByteArray());
		}

		private static AnyValue find(List<KeyValue> attributes, String key) {
			return attributes.stream().filter((kv) -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst()
				.orElse(null);
		}

	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdown();
	}

}
