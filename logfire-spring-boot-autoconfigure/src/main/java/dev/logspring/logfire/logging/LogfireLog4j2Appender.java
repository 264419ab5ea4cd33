package dev.logspring.logfire.logging;

import java.time.Instant;

import dev.logspring.logfire.api.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.message.Message;

/**
 * Turns Log4j2 records into Logfire logs inside the current span, through the shared
 * {@link LogBridge}. Attached to the root logger by {@link Log4j2AppenderInstaller}.
 */
final class LogfireLog4j2Appender extends AbstractAppender {

	private final LogBridge bridge;

	LogfireLog4j2Appender(LogBridge bridge) {
		super(LogBridge.APPENDER_NAME, null, null, true, Property.EMPTY_ARRAY);
		this.bridge = bridge;
	}

	@Override
	public void append(LogEvent event) {
		Level level = level(event.getLevel());
		if (!this.bridge.accepts(level, event.getLoggerName())) {
			return;
		}
		Message message = event.getMessage();
		org.apache.logging.log4j.core.time.Instant time = event.getInstant();
		this.bridge.emit(new LogBridge.Record(level, event.getLoggerName(), event.getThreadName(),
				(message != null) ? message.getFormat() : null, (message != null) ? message.getParameters() : null,
				(message != null) ? message.getFormattedMessage() : "", event.getContextData().toMap(), null,
				event.getThrown(), Instant.ofEpochSecond(time.getEpochSecond(), time.getNanoOfSecond())));
	}

	static Level level(org.apache.logging.log4j.Level level) {
		int value = level.intLevel();
		if (value <= org.apache.logging.log4j.Level.FATAL.intLevel()) {
			return Level.FATAL;
		}
		if (value <= org.apache.logging.log4j.Level.ERROR.intLevel()) {
			return Level.ERROR;
		}
		if (value <= org.apache.logging.log4j.Level.WARN.intLevel()) {
			return Level.WARN;
		}
		if (value <= org.apache.logging.log4j.Level.INFO.intLevel()) {
			return Level.INFO;
		}
		if (value <= org.apache.logging.log4j.Level.DEBUG.intLevel()) {
			return Level.DEBUG;
		}
		return Level.TRACE;
	}

}
