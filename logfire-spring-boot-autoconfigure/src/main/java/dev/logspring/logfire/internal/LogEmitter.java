package dev.logspring.logfire.internal;

import java.time.Instant;
import java.util.function.Consumer;

import dev.logspring.logfire.api.Level;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The one way a log becomes telemetry, shared by the {@code Logfire} facade and the logging
 * bridges: a span whose start equals its end, with {@code logfire.span_type=log}, the level,
 * the template and the formatted message, under the current span.
 */
public final class LogEmitter {

	private final Tracer tracer;

	private final Level minLevel;

	public LogEmitter(Tracer tracer, Level minLevel) {
		this.tracer = tracer;
		this.minLevel = minLevel;
	}

	public boolean isEnabled(Level level) {
		return level.isAtLeast(this.minLevel);
	}

	public Level minLevel() {
		return this.minLevel;
	}

	/**
	 * Emits a log under the current context; {@code attributes} are added as they are.
	 * Never throws.
	 */
	public void emit(Level level, String template, String message, Attributes attributes, @Nullable Throwable exception,
			Instant timestamp) {
		emit(level, template, message, (builder) -> builder.setAllAttributes(attributes), exception, timestamp);
	}

	/**
	 * Emits a log under the current context; {@code attributes} sets the log's own attributes
	 * straight on the span builder (no intermediate attribute set). Never throws.
	 */
	public void emit(Level level, String template, String message, Consumer<SpanBuilder> attributes,
			@Nullable Throwable exception, Instant timestamp) {
		if (!isEnabled(level)) {
			return;
		}
		try (TelemetryGuard.Handle guard = TelemetryGuard.enter()) {
			SpanBuilder builder = this.tracer.spanBuilder(template)
				.setParent(Context.current())
				.setStartTimestamp(timestamp)
				.setAttribute(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_LOG)
				.setAttribute(LogfireAttributes.MSG_TEMPLATE, template)
				.setAttribute(LogfireAttributes.MSG, message)
				.setAttribute(LogfireAttributes.LEVEL_NUM, (long) level.number());
			attributes.accept(builder);
			Span span = builder.startSpan();
			// The log reports the exception rather than letting it escape; status ERROR only at
			// level error and above, as Logfire does.
			if (exception != null) {
				SpanOutcomes.recordLoggedException(span, level, exception);
			}
			if (level.isAtLeast(Level.ERROR)) {
				span.setStatus(StatusCode.ERROR, (exception != null) ? SpanOutcomes.describe(exception) : "");
			}
			span.end(timestamp);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("emitting a log", ex);
		}
	}

}
