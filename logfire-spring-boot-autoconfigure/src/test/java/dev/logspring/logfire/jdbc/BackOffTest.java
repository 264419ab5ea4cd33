package dev.logspring.logfire.jdbc;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's beans replace ours: {@link LogfireJdbcAutoConfiguration}. */
class BackOffTest {

	@Test
	void jdbcBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireTransactionSpanListener",
				OwnTransactionListener.class, TransactionSpanListener.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTransactionListener {

		@Bean
		TransactionSpanListener ownTransactionListener(OpenTelemetry openTelemetry) {
			return new TransactionSpanListener(openTelemetry.getTracer("application"));
		}

	}

}
