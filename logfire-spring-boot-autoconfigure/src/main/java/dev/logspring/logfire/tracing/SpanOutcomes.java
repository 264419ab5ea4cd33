package dev.logspring.logfire.tracing;

import dev.logspring.logfire.api.Level;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Records how a span ended the way Logfire records it, shared by every producer of spans.
 */
public final class SpanOutcomes {

	private static final Attributes ESCAPED = Attributes.of(LogfireAttributes.EXCEPTION_ESCAPED, true);

	private SpanOutcomes() {
	}

	/**
	 * An {@code exception} event with {@code exception.escaped=true}, status ERROR with
	 * description {@code Type: message}, and level error.
	 */
	public static void recordException(Span span, Throwable exception) {
		try {
			span.recordException(exception, ESCAPED);
			span.setStatus(StatusCode.ERROR, describe(exception));
			span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.ERROR.number());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording an exception", ex);
		}
	}

	/**
	 * Only the {@code exception} event (with {@code exception.escaped=true}): for outcomes whose
	 * level and status are decided by something else, such as an HTTP status code.
	 */
	public static void recordExceptionEvent(Span span, Throwable exception) {
		try {
			span.recordException(exception, ESCAPED);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording an exception", ex);
		}
	}

	/** {@code Type: message}, as Logfire writes the status description. */
	public static String describe(Throwable exception) {
		String message = exception.getMessage();
		String type = exception.getClass().getSimpleName();
		return (message != null) ? type + ": " + message : type;
	}

}
