package dev.logspring.logfire.otlp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.HttpsURLConnection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;

/**
 * One attempt per export, made on the exporting thread (each destination's consumer has its
 * own) over the JDK's {@link HttpURLConnection}, which keeps the connection alive between
 * batches. An answer other than 2xx fails the export with an {@link OtlpHttpStatusException}
 * carrying the backend's {@code Retry-After}: retrying is left to the span consumer, which waits
 * without holding a request open and keeps one backoff per destination (the SDK's own sender
 * retries inside the export timeout and ignores {@code Retry-After}).
 * <p>
 * Not the JDK's {@code HttpClient}: its asynchronous plumbing hands each request between several
 * threads, which costs about twice the CPU per batch (see docs/benchmarks.md).
 */
final class OtlpHttpSender implements HttpSender {

	private static final String GZIP = "gzip";

	private final HttpSenderConfig config;

	private final URI uri;

	private final URL url;

	OtlpHttpSender(HttpSenderConfig config) {
		this.config = config;
		this.uri = config.getEndpoint();
		try {
			this.url = this.uri.toURL();
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid OTLP endpoint " + this.uri, ex);
		}
	}

	@Override
	public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
		ExporterLogs.quietly(() -> {
			try {
				Answer answer = post(body(message));
				if (answer.statusCode() >= 200 && answer.statusCode() < 300) {
					onResponse.accept(answer);
				}
				else {
					onError.accept(new OtlpHttpStatusException(answer.statusCode(), answer.retryAfter()));
				}
			}
			catch (SocketTimeoutException ex) {
				// The JDK says only "Read timed out": say how long we waited.
				SocketTimeoutException timeout = new SocketTimeoutException(
						"no answer within " + millis(this.config.getTimeout()) + " ms (" + ex.getMessage() + ")");
				timeout.initCause(ex);
				onError.accept(timeout);
			}
			catch (IOException | RuntimeException ex) {
				onError.accept(ex);
			}
		});
	}

	private Answer post(byte[] body) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) this.url.openConnection(proxy());
		if (connection instanceof HttpsURLConnection https && this.config.getSslContext() != null) {
			https.setSSLSocketFactory(this.config.getSslContext().getSocketFactory());
		}
		connection.setConnectTimeout(millis(this.config.getConnectTimeout()));
		connection.setReadTimeout(millis(this.config.getTimeout()));
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
		return new Answer(status, responseBody, connection.getHeaderField("Retry-After"));
	}

	private Proxy proxy() {
		if (this.config.getProxyOptions() == null) {
			return Proxy.NO_PROXY;
		}
		List<Proxy> proxies = this.config.getProxyOptions().getProxySelector().select(this.uri);
		return proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
	}

	private static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
	}

	private byte[] body(MessageWriter message) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream(message.getContentLength());
		if (this.config.getCompressor() != null) {
			String encoding = this.config.getCompressor().getEncoding();
			try (OutputStream compressed = GZIP.equals(encoding) ? new FastGzipOutputStream(body)
					: this.config.getCompressor().compress(body)) {
				message.writeMessage(compressed);
			}
		}
		else {
			message.writeMessage(body);
		}
		return body.toByteArray();
	}

	@Override
	public CompletableResultCode shutdown() {
		// Nothing of its own to stop: an export in progress ends within its timeout.
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Gzip at its fastest level: the SDK's compressor uses the default level (6), which takes 2.5
	 * times the CPU for a batch of HTTP spans and makes it only 3 % smaller: spans repeat the
	 * same keys, which any level compresses well.
	 */
	private static final class FastGzipOutputStream extends GZIPOutputStream {

		FastGzipOutputStream(OutputStream out) throws IOException {
			super(out, 8192);
			this.def.setLevel(Deflater.BEST_SPEED);
		}

	}

	private record Answer(int statusCode, byte[] body, String retryAfter) implements HttpResponse {

		@Override
		public int getStatusCode() {
			return this.statusCode;
		}

		@Override
		public String getStatusMessage() {
			return String.valueOf(this.statusCode);
		}

		@Override
		public byte[] getResponseBody() {
			return this.body;
		}

	}

}
