package dev.logspring.logfire.jdbc;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter does not bring Spring Boot's JDBC module (it would switch on Boot's DataSource and
 * transaction auto-configurations in every application): without it, and without Spring's JDBC
 * and transaction classes, the application starts, traces, and has no JDBC instrumentation.
 */
class ApplicationWithoutJdbcTest {

	@Test
	void startsWithoutJdbcClassesAndLeavesJdbcInstrumentationOut() {
		LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(DataSourceObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.jdbc", "org.springframework.jdbc",
					"org.springframework.transaction"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(JdbcStatementListener.class)
					.doesNotHaveBean(LogfireJdbcObservationHandler.class)
					.doesNotHaveBean(TransactionSpanListener.class);
				try (LogfireSpan span = context.getBean(Logfire.class).span("still traced")) {
					assertThat(span.getSpan().isRecording()).isTrue();
				}
			});
	}

}
