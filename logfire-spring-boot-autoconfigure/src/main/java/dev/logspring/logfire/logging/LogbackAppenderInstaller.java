package dev.logspring.logfire.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.logspring.logfire.internal.TelemetryErrors;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Attaches the Logfire appender to Logback's root logger while the application runs, with no
 * {@code logback.xml} change, and detaches it when the application stops. Logging is global to
 * the JVM: when several applications run in one JVM, the last one started receives the records.
 */
final class LogbackAppenderInstaller implements InitializingBean, DisposableBean {

	private final LogfireLogbackAppender appender;

	private @Nullable Logger root;

	LogbackAppenderInstaller(LogBridge bridge) {
		this.appender = new LogfireLogbackAppender(bridge);
	}

	@Override
	public void afterPropertiesSet() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		try {
			Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			Appender<ILoggingEvent> previous = root.getAppender(LogBridge.APPENDER_NAME);
			if (previous != null) {
				root.detachAppender(previous);
			}
			this.appender.setContext(context);
			this.appender.start();
			root.addAppender(this.appender);
			this.root = root;
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("attaching the Logback appender", ex);
		}
	}

	@Override
	public void destroy() {
		if (this.root != null && this.root.getAppender(LogBridge.APPENDER_NAME) == this.appender) {
			this.root.detachAppender(this.appender);
		}
		this.appender.stop();
	}

}
