package dev.logspring.logfire.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Filter;
import java.util.logging.Logger;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.HttpsURLConnection;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.internal.http.HttpExporter;
import io.opentelemetry.exporter.internal.http.HttpSender;
import io.opentelemetry.exporter.internal.http.HttpSenderConfig;
import io.opentelemetry.exporter.internal.http.HttpSenderProvider;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * The HTTP transport of our OTLP exporters: one attempt per export, made on the exporting thread
 * (each destination's consumer has its own) over the JDK's {@link HttpURLConnection}, which keeps
 * the connection alive between batches, answering with the response's {@code Retry-After}.
 * Retrying is left to the span consumer, which can wait without holding a request open and
 * keeps one backoff per destination (the SDK's own sender retries inside the export timeout and
 * ignores {@code Retry-After}).
 * <p>
 * Not the JDK's {@code HttpClient}: its asynchronous plumbing hands each request between several
 * threads, and in a running application, at a few batches a second, it took about 1.9 ms of CPU
 * per batch of 512 spans (twice what this takes), CPU that the application's requests share.
 * <p>
 * The SDK's exporter logs every failed export (up to five times a minute); ours are reported by
 * the consumer at most once a minute instead, so those lines are filtered out, and only while
 * this sender reports: other exporters in the application keep their logging.
 */
final class LogfireHttpSender implements HttpSender {

	/** Held strongly: the logging framework keeps loggers weakly, and would lose the filter. */
	private static final Logger EXPORTER_LOGGER = Logger.getLogger(HttpExporter.class.getName());

	private static final String GZIP = "gzip";

	private static final ThreadLocal<Boolean> REPORTING = new ThreadLocal<>();

	static {
		Filter previous = EXPORTER_LOGGER.getFilter();
		EXPORTER_LOGGER.setFilter((record) -> REPORTING.get() == null
				&& (previous == null || previous.isLoggable(record)));
	}

	private final URI uri;

	private final URL url;

	private final HttpSenderConfig config;

	private LogfireHttpSender(HttpSenderConfig config) {
		this.config = config;
		this.uri = URI.create(config.getEndpoint());
		try {
			this.url = this.uri.toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("Invalid OTLP endpoint " + config.getEndpoint(), ex);
		}
	}

	/** What our exporter builders load instead of the service-loaded senders. */
	static ComponentLoader componentLoader() {
		ComponentLoader fallback = ComponentLoader.forClassLoader(LogfireHttpSender.class.getClassLoader());
		HttpSenderProvider provider = LogfireHttpSender::new;
		return new ComponentLoader() {

			@Override
			@SuppressWarnings("unchecked")
			public <T> Iterable<T> load(Class<T> type) {
				return (type == HttpSenderProvider.class) ? List.of((T) provider) : fallback.load(type);
			}

		};
	}

	@Override
	public void send(Marshaler marshaler, int contentLength, Consumer<Response> onResponse,
			Consumer<Throwable> onError) {
		OtlpHttpResponse response;
		try {
			response = post(body(marshaler, contentLength));
		}
		catch (SocketTimeoutException ex) {
			// The JDK says only "Read timed out": say how long we waited.
			SocketTimeoutException timeout = new SocketTimeoutException("no answer within "
					+ millis(this.config.getTimeoutNanos()) + " ms (" + ex.getMessage() + ")");
			timeout.initCause(ex);
			report(onError, timeout);
			return;
		}
		catch (IOException | RuntimeException ex) {
			report(onError, ex);
			return;
		}
		report(onResponse, response);
	}

	private OtlpHttpResponse post(byte[] body) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) this.url.openConnection(proxy());
		if (connection instanceof HttpsURLConnection https && this.config.getSslContext() != null) {
			https.setSSLSocketFactory(this.config.getSslContext().getSocketFactory());
		}
		connection.setConnectTimeout(millis(this.config.getConnectTimeoutNanos()));
		connection.setReadTimeout(millis(this.config.getTimeoutNanos()));
		connection.setRequestMethod("POST");
		connection.setDoOutput(true);
		connection.setFixedLengthStreamingMode(body.length);
		connection.setRequestProperty("Content-Type", this.config.getContentType());
		if (this.config.getCompressor() != null) {
			connection.setRequestProperty("Content-Encoding", this.config.getCompressor().getEncoding());
		}
		Map<String, List<String>> headers = this.config.getHeadersSupplier().get();
		if (headers != null) {
			headers.forEach((name, values) -> values.forEach((value) -> connection.addRequestProperty(name, value)));
		}
		try (OutputStream out = connection.getOutputStream()) {
			out.write(body);
		}
		int status = connection.getResponseCode();
		// Read to the end and close, so that the connection goes back to the keep-alive cache.
		byte[] responseBody;
		try (InputStream in = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			responseBody = (in != null) ? in.readAllBytes() : new byte[0];
		}
		return new OtlpHttpResponse(status, responseBody,
				RetryAfter.parse(connection.getHeaderField("Retry-After")));
	}

	private Proxy proxy() {
		if (this.config.getProxyOptions() == null) {
			return Proxy.NO_PROXY;
		}
		List<Proxy> proxies = this.config.getProxyOptions().getProxySelector().select(this.uri);
		return proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
	}

	private static int millis(long nanos) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Duration.ofNanos(nanos).toMillis()));
	}

	private byte[] body(Marshaler marshaler, int contentLength) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream(contentLength);
		if (this.config.getCompressor() != null) {
			String encoding = this.config.getCompressor().getEncoding();
			try (OutputStream compressed = GZIP.equals(encoding) ? new FastGzipOutputStream(body)
					: this.config.getCompressor().compress(body)) {
				write(marshaler, compressed);
			}
		}
		else {
			write(marshaler, body);
		}
		return body.toByteArray();
	}

	/**
	 * Gzip at its fastest level: the SDK's compressor uses the default level (6), which takes 2.5
	 * times the CPU for a batch of 512 HTTP spans (2.1 against 0.85 µs a span) and makes it only
	 * 3 % smaller: spans repeat the same keys, which any level compresses well.
	 */
	private static final class FastGzipOutputStream extends GZIPOutputStream {

		FastGzipOutputStream(OutputStream out) throws IOException {
			super(out, 8192);
			this.def.setLevel(Deflater.BEST_SPEED);
		}

	}

	private void write(Marshaler marshaler, OutputStream out) throws IOException {
		if (this.config.getExportAsJson()) {
			marshaler.writeJsonTo(out);
		}
		else {
			marshaler.writeBinaryTo(out);
		}
	}

	private static <T> void report(Consumer<T> callback, T outcome) {
		REPORTING.set(Boolean.TRUE);
		try {
			callback.accept(outcome);
		}
		finally {
			REPORTING.remove();
		}
	}

	@Override
	public CompletableResultCode shutdown() {
		// Nothing of its own to stop: an export in progress ends within its timeout.
		return CompletableResultCode.ofSuccess();
	}

	/** A response, with the delay the backend asked for before the next attempt, if any. */
	record OtlpHttpResponse(int statusCode, byte[] body, Duration retryAfter) implements Response {

		@Override
		public String statusMessage() {
			return String.valueOf(this.statusCode);
		}

		@Override
		public byte[] responseBody() {
			return this.body;
		}

	}

}
