package dev.logspring.logfire.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.internal.ThreadUsage;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ExceptionAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Renders spans and logs as Logfire's console does: time, two spaces of indent per nesting
 * level, the message, tags in brackets; warn in yellow, error in red; verbose mode adds the
 * code location and attributes; exceptions print their stack trace.
 */
final class ConsoleRenderer {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
		.withZone(ZoneId.systemDefault());

	private static final String RESET = "\u001b[0m";

	private static final String DIM = "\u001b[2m";

	private static final String YELLOW = "\u001b[33m";

	private static final String RED = "\u001b[31m";

	private static final String BLUE = "\u001b[34m";

	private final boolean colors;

	private final boolean verbose;

	private final boolean timestamps;

	ConsoleRenderer(boolean colors, boolean verbose, boolean timestamps) {
		this.colors = colors;
		this.verbose = verbose;
		this.timestamps = timestamps;
	}

	/** The line printed when a span starts or a log is emitted. */
	String line(SpanData span, int depth) {
		StringBuilder out = new StringBuilder(128);
		Level level = SpanOutcomes.levelOf(span);
		if (this.timestamps) {
			color(out, DIM, TIME.format(Instant.ofEpochSecond(0, span.getStartEpochNanos())));
			out.append(' ');
		}
		String indent = "  ".repeat(depth);
		out.append(indent);
		color(out, colorFor(level), message(span));
		List<String> tags = span.getAttributes().get(LogfireAttributes.TAGS);
		if (tags != null && !tags.isEmpty()) {
			out.append(' ');
			color(out, BLUE, "[" + String.join(",", tags) + "]");
		}
		out.append('\n');
		if (this.verbose) {
			appendDetails(out, span, level, indent);
		}
		return out.toString();
	}

	/** The exception of a failed span or log, with its stack trace, or null when it has none. */
	@Nullable String exception(SpanData span, int depth) {
		String indent = (this.timestamps ? " ".repeat(13) : "") + "  ".repeat(depth);
		for (EventData event : span.getEvents()) {
			if (!"exception".equals(event.getName())) {
				continue;
			}
			StringBuilder out = new StringBuilder();
			String type = event.getAttributes().get(ExceptionAttributes.EXCEPTION_TYPE);
			String message = event.getAttributes().get(ExceptionAttributes.EXCEPTION_MESSAGE);
			String stack = event.getAttributes().get(ExceptionAttributes.EXCEPTION_STACKTRACE);
			StringBuilder text = new StringBuilder();
			text.append(indent).append(type).append(": ").append((message != null) ? message : "").append('\n');
			if (stack != null) {
				for (String stackLine : stack.split("\n")) {
					if (!stackLine.isBlank() && !stackLine.startsWith(type)) {
						text.append(indent).append(stackLine.stripTrailing()).append('\n');
					}
				}
			}
			color(out, RED, text.toString());
			return out.toString();
		}
		return null;
	}

	/** Whether {@link #usage} has something to print for this ended span (verbose mode only). */
	boolean showsUsage(SpanData span) {
		return this.verbose && ThreadUsage.isRecorded(span.getAttributes());
	}

	/**
	 * The line printed when a span that recorded its thread's usage ends: the numbers exist only
	 * then, after the span's own line and its children.
	 */
	String usage(SpanData span, int depth) {
		String pad = (this.timestamps ? " ".repeat(13) : "") + "  ".repeat(depth);
		StringBuilder text = new StringBuilder(pad).append("│ ").append(message(span)).append(" used");
		Long cpu = span.getAttributes().get(ThreadUsage.CPU_TIME);
		if (cpu != null) {
			text.append(String.format(Locale.ROOT, " %.1f ms CPU", cpu / 1e6));
		}
		Long allocated = span.getAttributes().get(ThreadUsage.ALLOCATED_BYTES);
		if (allocated != null) {
			text.append((cpu != null) ? "," : "")
				.append(String.format(Locale.ROOT, " %.1f MB allocated", allocated / (1024.0 * 1024.0)));
		}
		StringBuilder out = new StringBuilder();
		color(out, DIM, text.append('\n').toString());
		return out.toString();
	}

	private static String message(SpanData span) {
		String message = span.getAttributes().get(LogfireAttributes.MSG);
		return (message != null) ? message : span.getName();
	}

	private void appendDetails(StringBuilder out, SpanData span, Level level, String indent) {
		String pad = (this.timestamps ? " ".repeat(13) : "") + indent;
		String namespace = span.getAttributes().get(LogfireAttributes.CODE_NAMESPACE);
		String function = span.getAttributes().get(LogfireAttributes.CODE_FUNCTION);
		StringBuilder location = new StringBuilder();
		if (namespace != null) {
			location.append(namespace);
			if (function != null) {
				location.append('.').append(function);
			}
			Long line = span.getAttributes().get(LogfireAttributes.CODE_LINENO);
			if (line != null) {
				location.append(':').append(line);
			}
			location.append(' ');
		}
		location.append(level.name().toLowerCase());
		color(out, DIM, pad + "│ " + location + "\n");
		span.getAttributes().forEach((key, value) -> {
			String name = key.getKey();
			if (!name.startsWith("logfire.") && !name.startsWith("code.")) {
				color(out, DIM, pad + "│ " + name + "=" + value + "\n");
			}
		});
	}

	private static @Nullable String colorFor(Level level) {
		if (level.isAtLeast(Level.ERROR)) {
			return RED;
		}
		if (level.isAtLeast(Level.WARN)) {
			return YELLOW;
		}
		if (!level.isAtLeast(Level.INFO)) {
			return DIM;
		}
		return null;
	}

	private void color(StringBuilder out, @Nullable String color, String text) {
		if (this.colors && color != null) {
			out.append(color).append(text).append(RESET);
		}
		else {
			out.append(text);
		}
	}

}
