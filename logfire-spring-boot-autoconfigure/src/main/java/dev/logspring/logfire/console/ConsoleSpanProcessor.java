package dev.logspring.logfire.console;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.TelemetryGuard;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Prints spans when they start and logs when they are emitted, like Logfire's console, with a
 * failed span's exception when it ends. The application thread only records the event in a
 * bounded queue; one printer thread sanitizes, renders and writes whole lines, so lines from
 * many threads never interleave and a slow terminal never slows a request.
 */
public final class ConsoleSpanProcessor implements SpanProcessor {

	private final BlockingQueue<Object> queue;

	private final Map<String, Integer> depths = new ConcurrentHashMap<>();

	private final AtomicLong droppedLines = new AtomicLong();

	private final ConsoleRenderer renderer;

	private final @Nullable SpanSanitizer sanitizer;

	private final PrintStream out;

	private final Level minLevel;

	private final Thread printer;

	private volatile boolean running = true;

	public ConsoleSpanProcessor(ConsoleRenderer renderer, @Nullable SpanSanitizer sanitizer, PrintStream out, Level minLevel,
			int maxQueuedLines) {
		this.renderer = renderer;
		this.sanitizer = sanitizer;
		this.out = out;
		this.minLevel = minLevel;
		this.queue = new ArrayBlockingQueue<>(maxQueuedLines);
		// Started here rather than by a SmartLifecycle: spans start as soon as the SDK exists, before
		// the context starts, and the SDK's shutdown, after every SmartLifecycle has stopped, prints
		// what is queued and stops it.
		this.printer = new Thread(this::run, "logfire-console");
		this.printer.setDaemon(true);
		this.printer.start();
	}

	private record Event(ReadableSpan span, int depth, boolean ended) {
	}

	private record Flush(CompletableResultCode done) {
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		try {
			SpanContext parent = Span.fromContext(parentContext).getSpanContext();
			Integer parentDepth = (parent.isValid() && !parent.isRemote()) ? this.depths.get(parent.getSpanId())
					: null;
			int depth = (parentDepth != null) ? parentDepth + 1 : 0;
			this.depths.put(span.getSpanContext().getSpanId(), depth);
			if (!isLog(span)) {
				enqueue(new Event(span, depth, false));
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("console", ex);
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		try {
			Integer depth = this.depths.remove(span.getSpanContext().getSpanId());
			// A log is printed once complete (its exception is recorded after it starts); a span
			// again only when it failed, to show the exception. Whether it failed is read on the
			// printer thread: copying the span here would cost every request.
			enqueue(new Event(span, (depth != null) ? depth : 0, true));
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("console", ex);
		}
	}

	private static boolean isLog(ReadableSpan span) {
		return LogfireAttributes.SPAN_TYPE_LOG.equals(span.getAttribute(LogfireAttributes.SPAN_TYPE));
	}

	private void enqueue(Object event) {
		if (!this.queue.offer(event)) {
			this.droppedLines.incrementAndGet();
		}
	}

	private void run() {
		TelemetryGuard.markCurrentThread();
		while (this.running || !this.queue.isEmpty()) {
			try {
				Object item = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (item instanceof Event event) {
					print(event);
				}
				else if (item instanceof Flush flush) {
					this.out.flush();
					flush.done().succeed();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				TelemetryErrors.report("console", ex);
			}
		}
		this.out.flush();
	}

	private void print(Event event) {
		SpanData data = event.span().toSpanData();
		boolean log = LogfireAttributes.SPAN_TYPE_LOG.equals(data.getAttributes().get(LogfireAttributes.SPAN_TYPE));
		if (event.ended() && !log && data.getStatus().getStatusCode() != StatusCode.ERROR
				&& !this.renderer.showsUsage(data)) {
			return;
		}
		if (this.sanitizer != null) {
			data = this.sanitizer.sanitize(data);
		}
		if (!SpanOutcomes.levelOf(data).isAtLeast(this.minLevel)) {
			return;
		}
		StringBuilder text = new StringBuilder();
		if (!event.ended() || log) {
			text.append(this.renderer.line(data, event.depth()));
		}
		if (event.ended()) {
			String exception = this.renderer.exception(data, event.depth());
			if (exception != null) {
				text.append(exception);
			}
			if (!log && this.renderer.showsUsage(data)) {
				text.append(this.renderer.usage(data, event.depth()));
			}
		}
		if (!text.isEmpty()) {
			this.out.print(text);
		}
	}

	/** Lines dropped because the queue was full. */
	public long droppedLines() {
		return this.droppedLines.get();
	}

	@Override
	public CompletableResultCode forceFlush() {
		CompletableResultCode done = new CompletableResultCode();
		if (!this.printer.isAlive()) {
			return done.succeed();
		}
		try {
			if (!this.queue.offer(new Flush(done), 1, TimeUnit.SECONDS)) {
				return done.fail();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return done.fail();
		}
		return done;
	}

	@Override
	public CompletableResultCode shutdown() {
		this.running = false;
		try {
			this.printer.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return CompletableResultCode.ofSuccess();
	}

}
