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
 * The starter does not bring Spring's JDBC and transaction jars (they would switch on Boot's
 * DataSource and transaction auto-configurations in every application): without them the
 * application starts and traces, and no transaction listener is registered.
 */
class ApplicationWithoutJdbcTest {

	@Test
	void startsWithoutJdbcClassesAndLeavesTransactionSpansOut() {
		LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(DataSourceObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.jdbc", "org.springframework.transaction"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TransactionSpanListener.class);
				try (LogfireSpan span = context.getBean(Logfire.class).span("still traced")) {
					assertThat(span.getSpan().isRecording()).isTrue();
				}
			});
	}

}
