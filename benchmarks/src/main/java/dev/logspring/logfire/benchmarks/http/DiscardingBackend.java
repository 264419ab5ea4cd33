package dev.logspring.logfire.benchmarks.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP backend on loopback that accepts and discards what it gets: on a shared 2-core
 * machine, decoding every span (as the tests' receiver does) would take CPU from the server being
 * measured and charge it to the starter.
 * <p>
 * {@link #countingSpans()} decodes trace exports and counts their spans by start time, in 10 ms
 * slots, so that a harness can ask how many spans of a past window were delivered, whenever their
 * batch arrived. Use it only with the application pinned to a core of its own.
 */
public final class DiscardingBackend implements AutoCloseable {

	private static final long SLOT_MILLIS = 10;

	/** Slots for two hours from start: the longest run. */
	private static final int SLOTS = (int) (TimeUnit.HOURS.toMillis(2) / SLOT_MILLIS);

	private final HttpServer server;

	private final AtomicLong bytes = new AtomicLong();

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final long startMillis = System.currentTimeMillis();

	private final AtomicLongArray spansBySlot;

	private final AtomicLong lastTraceExportNanos = new AtomicLong(System.nanoTime());

	public DiscardingBackend() throws IOException {
		this(false);
	}

	private DiscardingBackend(boolean countSpans) throws IOException {
		this.spansBySlot = countSpans ? new AtomicLongArray(SLOTS) : null;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				if (countSpans && exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
					countSpans(exchange);
				}
				else {
					this.bytes.addAndGet(exchange.getRequestBody().transferTo(OutputStream.nullOutputStream()));
				}
				exchange.sendResponseHeaders(200, -1);
			}
		});
		this.server.start();
	}

	static DiscardingBackend countingSpans() throws IOException {
		return new DiscardingBackend(true);
	}

	private void countSpans(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		this.bytes.addAndGet(body.length);
		InputStream decoded = new ByteArrayInputStream(body);
		if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
			decoded = new GZIPInputStream(decoded);
		}
		for (ResourceSpans resource : ExportTraceServiceRequest.parseFrom(decoded).getResourceSpansList()) {
			for (ScopeSpans scope : resource.getScopeSpansList()) {
				for (Span span : scope.getSpansList()) {
					long slot = (span.getStartTimeUnixNano() / 1_000_000 - this.startMillis) / SLOT_MILLIS;
					if (slot >= 0 && slot < SLOTS) {
						this.spansBySlot.incrementAndGet((int) slot);
					}
				}
			}
		}
		this.lastTraceExportNanos.set(System.nanoTime());
	}

	/** Spans delivered so far that started between the two wall-clock instants (epoch millis). */
	long spansStartedBetween(long fromMillis, long toMillis) {
		long total = 0;
		int last = (int) Math.min(SLOTS - 1, (toMillis - this.startMillis) / SLOT_MILLIS);
		for (int slot = (int) Math.max(0, (fromMillis - this.startMillis) / SLOT_MILLIS); slot <= last; slot++) {
			total += this.spansBySlot.get(slot);
		}
		return total;
	}

	/**
	 * Waits until no trace export has arrived for {@code quiet} (longer than the peers' batch delay,
	 * 5 s by default), at most {@code atMost}: the spans still queued in the application are then
	 * delivered, or dropped.
	 */
	void awaitTraceExportsQuiet(Duration quiet, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() - this.lastTraceExportNanos.get() < quiet.toNanos() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	long bytesReceived() {
		return this.bytes.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdown();
	}

}
