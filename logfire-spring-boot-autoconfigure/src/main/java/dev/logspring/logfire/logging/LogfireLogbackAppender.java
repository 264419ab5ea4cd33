package dev.logspring.logfire.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.logspring.logfire.api.Level;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

/**
 * Turns Logback records into Logfire logs inside the current span, through the shared
 * {@link LogBridge}. Attached to the root logger by {@link LogbackAppenderInstaller}.
 */
final class LogfireLogbackAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private final LogBridge bridge;

	LogfireLogbackAppender(LogBridge bridge) {
		this.bridge = bridge;
		setName(LogBridge.APPENDER_NAME);
	}

	@Override
	protected void append(ILoggingEvent event) {
		Level level = level(event.getLevel());
		if (!this.bridge.accepts(level, event.getLoggerName())) {
			return;
		}
		this.bridge.emit(new LogBridge.Record(level, event.getLoggerName(), event.getThreadName(), event.getMessage(),
				event.getArgumentArray(), event.getFormattedMessage(), event.getMDCPropertyMap(),
				keyValues(event.getKeyValuePairs()), throwable(event.getThrowableProxy()), event.getInstant()));
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

	private static @Nullable Map<String, Object> keyValues(@Nullable List<KeyValuePair> pairs) {
		if (pairs == null || pairs.isEmpty()) {
			return null;
		}
		Map<String, Object> keyValues = new LinkedHashMap<>();
		pairs.forEach((pair) -> keyValues.put(pair.key, pair.value));
		return keyValues;
	}

	private static @Nullable Throwable throwable(@Nullable IThrowableProxy proxy) {
		return (proxy instanceof ThrowableProxy throwableProxy) ? throwableProxy.getThrowable() : null;
	}

}
