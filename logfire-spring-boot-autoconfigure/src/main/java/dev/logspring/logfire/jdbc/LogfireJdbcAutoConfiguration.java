package dev.logspring.logfire.jdbc;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlStatementSanitizer;
import net.ttddyy.observation.tracing.DataSourceObservationListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * JDBC statements and transactions as spans. Statements: datasource-micrometer (its
 * auto-configuration proxies every DataSource bean and observes each statement) with our
 * listener and tracing handler shaping the spans as Logfire expects, literals removed.
 * Transactions: a transaction execution listener that Spring Boot adds to every transaction
 * manager.
 */
@AutoConfiguration(after = { LogfireTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnLogfireEnabled
@EnableConfigurationProperties(LogfireJdbcProperties.class)
public final class LogfireJdbcAutoConfiguration {

	/**
	 * Before Boot's sender handler (JDBC contexts are sender contexts) and datasource-micrometer's
	 * handlers: only the first tracing handler that supports an observation sees it.
	 */
	static final int HANDLER_ORDER = MicrometerTracingAutoConfiguration.SENDER_TRACING_OBSERVATION_HANDLER_ORDER
			- 10;

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DataSourceObservationListener.class, SqlStatementSanitizer.class, OtelSpan.class })
	static class Statements {

		@Bean
		@Order(JdbcStatementListener.ORDER)
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "logfire.jdbc.enabled", matchIfMissing = true)
		JdbcStatementListener logfireJdbcStatementListener() {
			return new JdbcStatementListener();
		}

		@Bean
		@Order(HANDLER_ORDER)
		@ConditionalOnMissingBean
		@ConditionalOnBean(io.micrometer.tracing.Tracer.class)
		LogfireJdbcObservationHandler logfireJdbcObservationHandler(io.micrometer.tracing.Tracer micrometerTracer,
				OpenTelemetry openTelemetry, ObjectProvider<JdbcStatementListener> statements,
				LogfireJdbcProperties properties) {
			// Registered even when disabled: it then claims JDBC observations so that
			// datasource-micrometer's own handlers never record raw SQL.
			return new LogfireJdbcObservationHandler(micrometerTracer,
					openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME), statements.getIfAvailable(),
					properties.isRecordLiteralValues(), properties.getConnectionWaitThreshold());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TransactionExecutionListener.class)
	@ConditionalOnBooleanProperty(name = { "logfire.jdbc.enabled", "logfire.jdbc.transactions" }, matchIfMissing = true)
	static class Transactions {

		@Bean
		@ConditionalOnMissingBean
		TransactionSpanListener logfireTransactionSpanListener(OpenTelemetry openTelemetry) {
			return new TransactionSpanListener(openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME));
		}

	}

}
