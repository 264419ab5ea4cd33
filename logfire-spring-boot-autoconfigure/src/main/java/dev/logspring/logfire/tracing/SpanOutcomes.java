package dev.logspring.logfire.tracing;

import dev.logspring.logfire.api.Level;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;

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

	/** The level of an ended or started span: its {@code logfire.level_num}, error for error status, else info. */
	public static Level levelOf(SpanData span) {
		Long number = span.getAttributes().get(LogfireAttributes.LEVEL_NUM);
		if (number != null) {
			return Level.fromNumber(number);
		}
		return (span.getStatus().getStatusCode() == StatusCode.ERROR) ? Level.ERROR : Level.INFO;
	}

	/** {@code Type: message}, as Logfire writes the status description. */
	public static String describe(Throwable exception) {
		String message = exception.getMessage();
		String type = exception.getClass().getSimpleName();
		return (message != null) ? type + ": " + message : type;
	}

}
