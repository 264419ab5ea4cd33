package dev.logspring.logfire.logging;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogEmitter;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Logs as Logfire logs: Logback (or Log4j2) records become logs inside the current span, and
 * the MDC carries {@code trace_id}/{@code span_id} so plain log files join traces.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@EnableConfigurationProperties(LogfireLoggingProperties.class)
public final class LogfireLoggingAutoConfiguration {

	@Bean
	@ConditionalOnClass({ Slf4JEventListener.class, org.slf4j.MDC.class })
	@ConditionalOnBooleanProperty(name = "logfire.logging.mdc-correlation", matchIfMissing = true)
	@ConditionalOnMissingBean
	MdcCorrelationListener logfireMdcCorrelationListener() {
		return new MdcCorrelationListener();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "logfire.logging.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean
	LogBridge logfireLogBridge(OpenTelemetry openTelemetry, LogfireProperties properties,
			LogfireLoggingProperties logging) {
		Level bridgeLevel = logging.getMinLevel();
		Level globalLevel = properties.getMinLevel();
		Level minLevel = bridgeLevel.isAtLeast(globalLevel) ? bridgeLevel : globalLevel;
		LogEmitter emitter = new LogEmitter(openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME), minLevel);
		return new LogBridge(emitter, logging.isCaptureMdc(), logging.getExcludedLoggers(),
				AttributeValues.DEFAULT_MAX_JSON_LENGTH);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	@ConditionalOnBooleanProperty(name = "logfire.logging.enabled", matchIfMissing = true)
	static class LogbackBridge {

		@Bean
		@ConditionalOnMissingBean
		LogbackAppenderInstaller logfireLogbackAppenderInstaller(LogBridge bridge) {
			return new LogbackAppenderInstaller(bridge);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.logging.log4j.core.LoggerContext")
	@ConditionalOnBooleanProperty(name = "logfire.logging.enabled", matchIfMissing = true)
	static class Log4j2Bridge {

		@Bean
		@ConditionalOnMissingBean
		Log4j2AppenderInstaller logfireLog4j2AppenderInstaller(LogBridge bridge) {
			return new Log4j2AppenderInstaller(bridge);
		}

	}

}
