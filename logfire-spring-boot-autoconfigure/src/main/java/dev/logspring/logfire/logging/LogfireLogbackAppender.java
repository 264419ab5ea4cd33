package dev.logspring.logfire.logging;

import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.tracing.AttributeValues;
import dev.logspring.logfire.tracing.LogEmitter;
import dev.logspring.logfire.tracing.TelemetryErrors;
import dev.logspring.logfire.tracing.TelemetryGuard;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.slf4j.event.KeyValuePair;

/**
 * Turns Logback records into Logfire logs inside the current span. Attached to the root logger
 * by {@link LogbackAppenderInstaller}; it runs on the logging thread, so the current span is the
 * one the record was written in.
 * <p>
 * Records from the starter's own loggers and OpenTelemetry's, and any record written while the
 * thread runs the starter's own telemetry code, are skipped: no log ever feeds itself.
 */
final class LogfireLogbackAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	static final String NAME = "LOGFIRE";

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

	LogfireLogbackAppender(LogEmitter emitter, boolean captureMdc, List<String> excludedLoggers, int maxJsonLength) {
		this.emitter = emitter;
		this.captureMdc = captureMdc;
		this.excludedLoggers = List.copyOf(excludedLoggers);
		this.maxJsonLength = maxJsonLength;
		setName(NAME);
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (TelemetryGuard.isActive()) {
			return;
		}
		try {
			Level level = level(event.getLevel());
			if (!this.emitter.isEnabled(level) || isExcluded(event.getLoggerName())) {
				return;
			}
			Object[] arguments = event.getArgumentArray();
			AttributesBuilder attributes = Attributes.builder()
				.put(LOGGER_NAME, event.getLoggerName())
				.put(THREAD_NAME, event.getThreadName());
			AttributeValues.JsonSchema schema = new AttributeValues.JsonSchema();
			if (this.captureMdc) {
				event.getMDCPropertyMap().forEach((key, value) -> {
					if (!CORRELATION_KEYS.contains(key)) {
						attributes.put(AttributeKey.stringKey(key), value);
					}
				});
			}
			if (arguments != null) {
				for (int i = 0; i < arguments.length; i++) {
					AttributeValues.put(attributes, argumentName(i), arguments[i], schema, this.maxJsonLength);
				}
			}
			List<KeyValuePair> keyValues = event.getKeyValuePairs();
			if (keyValues != null) {
				for (KeyValuePair pair : keyValues) {
					AttributeValues.put(attributes, pair.key, pair.value, schema, this.maxJsonLength);
				}
			}
			schema.applyTo(attributes);
			String message = event.getMessage();
			this.emitter.emit(level, template((message != null) ? message : "", arguments),
					event.getFormattedMessage(), attributes.build(), throwable(event.getThrowableProxy()),
					event.getInstant());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("the Logback bridge", ex);
		}
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

	static Level level(ch.qos.logback.classic.Level level) {
		return switch (level.toInt()) {
			case ch.qos.logback.classic.Level.ERROR_INT -> Level.ERROR;
			case ch.qos.logback.classic.Level.WARN_INT -> Level.WARN;
			case ch.qos.logback.classic.Level.INFO_INT -> Level.INFO;
			case ch.qos.logback.classic.Level.DEBUG_INT -> Level.DEBUG;
			default -> Level.TRACE;
		};
	}

	/** SLF4J arguments are unnamed: the n-th {@code {}} is recorded as {@code argn}. */
	static String argumentName(int index) {
		return "arg" + index;
	}

	/**
	 * The SLF4J pattern as a Logfire template: each {@code {}} that has an argument becomes
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

	private static Throwable throwable(IThrowableProxy proxy) {
		return (proxy instanceof ThrowableProxy throwableProxy) ? throwableProxy.getThrowable() : null;
	}

}
