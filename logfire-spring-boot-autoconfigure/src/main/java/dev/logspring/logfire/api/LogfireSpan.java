package dev.logspring.logfire.api;

import io.opentelemetry.api.trace.Span;

/**
 * A span opened by {@link Logfire#span}; it is the current span until closed. Use it with
 * try-with-resources:
 *
 * <pre>{@code
 * try (LogfireSpan span = logfire.span("data loading {file}", Map.of("file", path))) {
 *     span.setAttribute("rows", rows);
 * }
 * }</pre>
 */
public interface LogfireSpan extends AutoCloseable {

	/** Adds an attribute; objects are recorded as JSON, as for span arguments. */
	LogfireSpan setAttribute(String key, Object value);

	/** Sets the level; from error on, the status is ERROR too, as Logfire's SDKs set it. */
	LogfireSpan setLevel(Level level);

	/** Records an exception the way Logfire does (event, status error, level error). */
	LogfireSpan recordException(Throwable exception);

	/** The underlying OpenTelemetry span. */
	Span getSpan();

	/** Ends the span and restores the context that was current before it; never throws. */
	@Override
	void close();

}
