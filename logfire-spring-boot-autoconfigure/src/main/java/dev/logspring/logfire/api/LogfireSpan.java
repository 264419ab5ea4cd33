package dev.logspring.logfire.api;

import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.ThreadUsage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

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
public final class LogfireSpan implements AutoCloseable {

	private final Span span;

	private final Scope scope;

	private final int maxJsonLength;

	/** Null unless the span records its thread's CPU time and allocations. */
	private final ThreadUsage usage;

	LogfireSpan(Span span, Scope scope, int maxJsonLength, ThreadUsage usage) {
		this.span = span;
		this.scope = scope;
		this.maxJsonLength = maxJsonLength;
		this.usage = usage;
	}

	/** Adds an attribute; objects are recorded as JSON, as for span arguments. */
	public LogfireSpan setAttribute(String key, Object value) {
		try {
			AttributesBuilder builder = Attributes.builder();
			AttributeValues.JsonSchema schema = new AttributeValues.JsonSchema();
			AttributeValues.put(builder, key, value, schema, this.maxJsonLength);
			this.span.setAllAttributes(builder.build());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("LogfireSpan.setAttribute", ex);
		}
		return this;
	}

	/** Sets the level; from error on, the status is ERROR too, as Logfire's SDKs set it. */
	public LogfireSpan setLevel(Level level) {
		this.span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) level.number());
		if (level.isAtLeast(Level.ERROR)) {
			this.span.setStatus(StatusCode.ERROR);
		}
		return this;
	}

	/** Records an exception the way Logfire does (event, status error, level error). */
	public LogfireSpan recordException(Throwable exception) {
		SpanOutcomes.recordException(this.span, exception);
		return this;
	}

	/** The underlying OpenTelemetry span. */
	public Span getSpan() {
		return this.span;
	}

	@Override
	public void close() {
		try {
			this.scope.close();
			if (this.usage != null) {
				this.usage.recordOnto(this.span);
			}
			this.span.end();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("LogfireSpan.close", ex);
		}
	}

}
