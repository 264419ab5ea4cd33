package dev.logspring.logfire.logging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.http.ServerSpanExceptions;
import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogEmitter;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.TelemetryGuard;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * What the Logback and Log4j2 appenders share: which records become Logfire logs, and how a
 * record's pattern, arguments, key-value pairs, MDC and exception become a log's template,
 * message and attributes. Runs on the logging thread, so the current span is the one the
 * record was written in.
 * <p>
 * Records from the starter's own loggers and OpenTelemetry's, and any record written while the
 * thread runs the starter's own telemetry code, are skipped: no log ever feeds itself.
 */
final class LogBridge {

	/** The name under which each bridge's appender is attached. */
	static final String APPENDER_NAME = "LOGFIRE";

	static final AttributeKey<String> LOGGER_NAME = AttributeKey.stringKey("logger.name");

	static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

	private static final List<String> OWN_LOGGERS = List.of("dev.logspring.logfire.", "io.opentelemetry.");

	/** The MDC entries that only repeat the trace context. */
	private static final Set<String> CORRELATION_KEYS = Set.of(MdcCorrelationListener.TRACE_ID,
			MdcCorrelationListener.SPAN_ID, "traceId", "spanId", "trace_flags");

	private final LogEmitter emitter;

	private final boolean captureMdc;

	private final List<String> excludedLoggers;

	private final int maxJsonLength;

	LogBridge(LogEmitter emitter, boolean captureMdc, List<String> excludedLoggers, int maxJsonLength) {
		this.emitter = emitter;
		this.captureMdc = captureMdc;
		this.excludedLoggers = List.copyOf(excludedLoggers);
		this.maxJsonLength = maxJsonLength;
	}

	/** Whether a record of this level and logger becomes a Logfire log (checked before any work). */
	boolean accepts(Level level, String loggerName) {
		return !TelemetryGuard.isActive() && this.emitter.isEnabled(level) && !isExcluded(loggerName);
	}

	/** One record as a Logfire log; never throws. */
	void emit(Record record) {
		try {
			if (repeatsTheRequestSpan(record)) {
				return;
			}
			AttributesBuilder attributes = Attributes.builder()
				.put(LOGGER_NAME, record.loggerName())
				.put(THREAD_NAME, record.threadName());
			AttributeValues.JsonSchema schema = new AttributeValues.JsonSchema();
			if (this.captureMdc && record.mdc() != null) {
				record.mdc().forEach((key, value) -> {
					if (value != null && !CORRELATION_KEYS.contains(key)) {
						attributes.put(AttributeKey.stringKey(key), value);
					}
				});
			}
			Object[] arguments = arguments(record.arguments(), record.exception());
			for (int i = 0; i < arguments.length; i++) {
				AttributeValues.put(attributes, argumentName(i), arguments[i], schema, this.maxJsonLength);
			}
			if (record.keyValues() != null) {
				record.keyValues()
					.forEach((key, value) -> AttributeValues.put(attributes, key, value, schema, this.maxJsonLength));
			}
			schema.applyTo(attributes);
			String pattern = (record.pattern() != null) ? record.pattern() : "";
			this.emitter.emit(record.level(), template(pattern, arguments), record.message(), attributes.build(),
					record.exception(), record.timestamp());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("the logging bridge", ex);
		}
	}

	/**
	 * A record outside any span whose exception the request's server span already carries: the
	 * container's report of a request that threw (Tomcat's "Servlet.service() ... threw
	 * exception"), written after the span ended. Sent, it would be a trace of its own next to the
	 * request's, saying nothing the request's span does not.
	 */
	private static boolean repeatsTheRequestSpan(Record record) {
		return record.exception() != null && !Span.current().getSpanContext().isValid()
				&& ServerSpanExceptions.isRecorded(record.exception());
	}

	/** A record as the bridges see it, whatever the logging library. */
	record Record(Level level, String loggerName, String threadName, @Nullable String pattern,
			Object @Nullable [] arguments, String message, Map<String, String> mdc,
			@Nullable Map<String, Object> keyValues, @Nullable Throwable exception, Instant timestamp) {
	}

	private boolean isExcluded(String loggerName) {
		if (loggerName == null) {
			return false;
		}
		for (String prefix : OWN_LOGGERS) {
			if (loggerName.startsWith(prefix)) {
				return true;
			}
		}
		for (String prefix : this.excludedLoggers) {
			if (loggerName.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/** The arguments, without a trailing exception that is the record's exception. */
	private static Object[] arguments(Object @Nullable [] arguments, @Nullable Throwable exception) {
		if (arguments == null) {
			return new Object[0];
		}
		if (exception != null && arguments.length > 0 && arguments[arguments.length - 1] == exception) {
			return java.util.Arrays.copyOf(arguments, arguments.length - 1);
		}
		return arguments;
	}

	/** SLF4J and Log4j2 arguments are unnamed: the n-th {@code {}} is recorded as {@code argn}. */
	static String argumentName(int index) {
		return "arg" + index;
	}

	/**
	 * The pattern as a Logfire template: each {@code {}} that has an argument becomes
	 * {@code {argN}}, so the template names the attributes it was filled from. An escaped
	 * {@code \{}} stays as written.
	 */
	static String template(String pattern, Object[] arguments) {
		int count = (arguments != null) ? arguments.length : 0;
		if (count == 0 || pattern.indexOf("{}") < 0) {
			return pattern;
		}
		StringBuilder out = new StringBuilder(pattern.length() + 4 * count);
		int argument = 0;
		int i = 0;
		while (i < pattern.length()) {
			char c = pattern.charAt(i);
			if (c == '{' && argument < count && i + 1 < pattern.length() && pattern.charAt(i + 1) == '}'
					&& !(i > 0 && pattern.charAt(i - 1) == '\\')) {
				out.append('{').append(argumentName(argument++)).append('}');
				i += 2;
				continue;
			}
			out.append(c);
			i++;
		}
		return out.toString();
	}

}
