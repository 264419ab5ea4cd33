package dev.logspring.logfire.internal;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.LogfireSpan;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/** The {@link LogfireSpan} over an OpenTelemetry span, made current until closed. */
final class DefaultLogfireSpan implements LogfireSpan {

	private final Span span;

	private final Scope scope;

	private final int maxJsonLength;

	/** Null unless the span records its thread's CPU time and allocations. */
	private final @Nullable ThreadUsage usage;

	DefaultLogfireSpan(Span span, Scope scope, int maxJsonLength, @Nullable ThreadUsage usage) {
		this.span = span;
		this.scope = scope;
		this.maxJsonLength = maxJsonLength;
		this.usage = usage;
	}

	@Override
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

	@Override
	public LogfireSpan setLevel(Level level) {
		this.span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) level.number());
		if (level.isAtLeast(Level.ERROR)) {
			this.span.setStatus(StatusCode.ERROR);
		}
		return this;
	}

	@Override
	public LogfireSpan recordException(Throwable exception) {
		SpanOutcomes.recordException(this.span, exception);
		return this;
	}

	@Override
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
