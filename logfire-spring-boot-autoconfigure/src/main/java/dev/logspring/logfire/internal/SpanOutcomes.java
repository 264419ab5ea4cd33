package dev.logspring.logfire.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.UnaryOperator;

import dev.logspring.logfire.api.Level;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ExceptionAttributes;

/**
 * Records how a span ended the way Logfire records it, shared by every producer of spans.
 */
public final class SpanOutcomes {

	/** Python's OpenTelemetry SDK writes {@code exception.escaped} as {@code str(escaped)}. */
	private static final Attributes ESCAPED = Attributes.of(LogfireAttributes.EXCEPTION_ESCAPED, "True");

	private static final Attributes NOT_ESCAPED = Attributes.of(LogfireAttributes.EXCEPTION_ESCAPED, "False");

	private SpanOutcomes() {
	}

	/**
	 * An {@code exception} event with {@code exception.escaped=True}, status ERROR with
	 * description {@code Type: message}, level error, and the fingerprint when the span is a
	 * local root.
	 */
	public static void recordException(Span span, Throwable exception) {
		try {
			span.recordException(exception, ESCAPED);
			span.setStatus(StatusCode.ERROR, describe(exception));
			span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.ERROR.number());
			ExceptionFingerprint.setIfIssue(span, Level.ERROR, exception);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording an exception", ex);
		}
	}

	/**
	 * As {@link #recordException(Span, Throwable)}, with the message, stack trace and status
	 * description passed through {@code redact} first (for messages that may quote values that
	 * must not leave the process, such as a failed SQL statement's literals).
	 */
	public static void recordException(Span span, Throwable exception, UnaryOperator<String> redact) {
		try {
			StringWriter stack = new StringWriter();
			exception.printStackTrace(new PrintWriter(stack));
			String message = exception.getMessage();
			var event = Attributes.builder()
				.put(ExceptionAttributes.EXCEPTION_TYPE, exception.getClass().getName())
				.put(ExceptionAttributes.EXCEPTION_STACKTRACE, redact.apply(stack.toString()))
				.put(LogfireAttributes.EXCEPTION_ESCAPED, "True");
			if (message != null) {
				event.put(ExceptionAttributes.EXCEPTION_MESSAGE, redact.apply(message));
			}
			span.addEvent("exception", event.build());
			span.setStatus(StatusCode.ERROR, redact.apply(describe(exception)));
			span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.ERROR.number());
			ExceptionFingerprint.setIfIssue(span, Level.ERROR, exception);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording an exception", ex);
		}
	}

	/**
	 * Only the {@code exception} event (with {@code exception.escaped=True}): for outcomes whose
	 * level and status are decided by something else, such as an HTTP status code (whose code
	 * then calls {@link ExceptionFingerprint#setIfIssue}).
	 */
	public static void recordExceptionEvent(Span span, Throwable exception) {
		try {
			span.recordException(exception, ESCAPED);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("recording an exception", ex);
		}
	}

	/**
	 * The exception a log reports (it does not escape: {@code exception.escaped=False}), with
	 * the fingerprint when the log is at level error or above outside any span, as Logfire does.
	 */
	public static void recordLoggedException(Span span, Level level, Throwable exception) {
		try {
			span.recordException(exception, NOT_ESCAPED);
			ExceptionFingerprint.setIfIssue(span, level, exception);
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
