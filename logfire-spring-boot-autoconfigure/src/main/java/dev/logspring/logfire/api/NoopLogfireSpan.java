package dev.logspring.logfire.api;

import io.opentelemetry.api.trace.Span;

/** The span of the no-op {@link Logfire#global()} before an application starts. */
final class NoopLogfireSpan implements LogfireSpan {

	static final LogfireSpan INSTANCE = new NoopLogfireSpan();

	private NoopLogfireSpan() {
	}

	@Override
	public LogfireSpan setAttribute(String key, Object value) {
		return this;
	}

	@Override
	public LogfireSpan setLevel(Level level) {
		return this;
	}

	@Override
	public LogfireSpan recordException(Throwable exception) {
		return this;
	}

	@Override
	public Span getSpan() {
		return Span.getInvalid();
	}

	@Override
	public void close() {
	}

}
