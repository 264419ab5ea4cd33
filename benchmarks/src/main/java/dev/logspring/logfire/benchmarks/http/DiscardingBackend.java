package dev.logspring.logfire.benchmarks.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP backend on loopback that accepts and discards what it gets: on a shared 2-core
 * machine, decoding every span (as the tests' receiver does) would take CPU from the server being
 * measured and charge it to the starter.
 */
public final class DiscardingBackend implements AutoCloseable {

	private final HttpServer server;

	private final AtomicLong bytes = new AtomicLong();

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	public DiscardingBackend() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				this.bytes.addAndGet(exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream()));
				exchange.sendResponseHeaders(200, -1);
			}
		});
		this.server.start();
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
