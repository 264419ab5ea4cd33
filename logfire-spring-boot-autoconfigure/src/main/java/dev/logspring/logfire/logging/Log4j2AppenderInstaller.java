package dev.logspring.logfire.logging;

import dev.logspring.logfire.internal.TelemetryErrors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Attaches the Logfire appender to Log4j2's root logger configuration while the application
 * runs (when Log4j2 is the logging backend, as with {@code spring-boot-starter-log4j2}), and
 * detaches it when the application stops. Loggers configured with {@code additivity="false"}
 * do not reach the root logger and so are not bridged.
 */
final class Log4j2AppenderInstaller implements InitializingBean, DisposableBean {

	private final LogfireLog4j2Appender appender;

	private @Nullable LoggerContext context;

	Log4j2AppenderInstaller(LogBridge bridge) {
		this.appender = new LogfireLog4j2Appender(bridge);
	}

	@Override
	public void afterPropertiesSet() {
		// Only when Log4j2 itself is the backend (not routed to SLF4J by log4j-to-slf4j).
		if (LogManager.getContext(false) instanceof LoggerContext context) {
			attach(context);
		}
	}

	/** Attaches to {@code context}'s root logger, replacing another application's appender. */
	void attach(LoggerContext context) {
		try {
			Configuration configuration = context.getConfiguration();
			LoggerConfig root = configuration.getRootLogger();
			if (root.getAppenders().containsKey(LogBridge.APPENDER_NAME)) {
				root.removeAppender(LogBridge.APPENDER_NAME);
			}
			this.appender.start();
			configuration.addAppender(this.appender);
			root.addAppender(this.appender, null, null);
			context.updateLoggers();
			this.context = context;
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("attaching the Log4j2 appender", ex);
		}
	}

	@Override
	public void destroy() {
		LoggerContext context = this.context;
		if (context != null) {
			LoggerConfig root = context.getConfiguration().getRootLogger();
			if (root.getAppenders().get(LogBridge.APPENDER_NAME) == this.appender) {
				root.removeAppender(LogBridge.APPENDER_NAME);
				context.updateLoggers();
			}
		}
		this.appender.stop();
	}

}
