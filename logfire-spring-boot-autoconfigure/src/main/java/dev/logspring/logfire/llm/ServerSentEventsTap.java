package dev.logspring.logfire.llm;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.logspring.logfire.internal.TelemetryErrors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A response body that reads server-sent events as the caller consumes them, without buffering
 * the stream: each {@code data:} line is handed over as JSON, and the completion callback runs
 * once, at {@code [DONE]}, at the end of the stream or when the caller closes it. A line longer
 * than {@link #MAX_LINE_BYTES} is skipped. Nothing here ever fails the caller's read.
 */
final class ServerSentEventsTap extends FilterInputStream {

	static final int MAX_LINE_BYTES = 1024 * 1024;

	private final Consumer<JsonNode> onChunk;

	private final Runnable onComplete;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

	private final AtomicBoolean completed = new AtomicBoolean();

	private boolean lineTooLong;

	private boolean broken;

	private boolean done;

	ServerSentEventsTap(InputStream body, Consumer<JsonNode> onChunk, Runnable onComplete) {
		super(body);
		this.onChunk = onChunk;
		this.onComplete = onComplete;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b < 0) {
			complete();
		}
		else {
			feed(b);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int count = super.read(buffer, offset, length);
		if (count < 0) {
			complete();
		}
		else {
			for (int i = 0; i < count && !this.broken; i++) {
				feed(buffer[offset + i]);
			}
		}
		return count;
	}

	@Override
	public long skip(long n) throws IOException {
		// Skipped bytes must still be seen: read them through.
		byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
		long skipped = 0;
		while (skipped < n) {
			int count = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
			if (count < 0) {
				break;
			}
			skipped += count;
		}
		return skipped;
	}

	@Override
	public void close() throws IOException {
		try {
			super.close();
		}
		finally {
			complete();
		}
	}

	private void feed(int b) {
		if (this.broken) {
			return;
		}
		if (b == '\n') {
			endOfLine();
		}
		else if (!this.lineTooLong) {
			if (this.line.size() >= MAX_LINE_BYTES) {
				this.lineTooLong = true;
				this.line.reset();
			}
			else {
				this.line.write(b);
			}
		}
	}

	private void endOfLine() {
		boolean skip = this.lineTooLong;
		this.lineTooLong = false;
		String text = this.line.toString(StandardCharsets.UTF_8);
		this.line.reset();
		if (skip || !text.startsWith("data:")) {
			return;
		}
		String payload = text.substring(5).trim();
		if (this.done || payload.isEmpty()) {
			return;
		}
		if (payload.equals("[DONE]")) {
			this.done = true;
			complete();
			return;
		}
		try {
			this.onChunk.accept(JsonMapper.shared().readTree(payload));
		}
		catch (RuntimeException ex) {
			this.broken = true;
			TelemetryErrors.report("reading a streamed LLM response", ex);
		}
	}

	private void complete() {
		if (!this.completed.compareAndSet(false, true)) {
			return;
		}
		try {
			if (this.line.size() > 0 && !this.broken) {
				endOfLine();
			}
			this.onComplete.run();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("completing a streamed LLM response", ex);
		}
	}

}
