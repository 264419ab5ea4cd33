package dev.logspring.logfire.explorer;

import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the explorer exists: by default without a token, on request with one, never without
 * DuckDB (and a clear startup failure when asked for without it).
 */
class ExplorerAutoConfigurationTest {

	@Test
	void withoutATokenSpansGoToTheExplorerThroughThePipeline() {
		LogfireContextRunners.application().run((context) -> {
			assertThat(context).hasSingleBean(ExplorerStore.class).hasSingleBean(ExplorerSpanExporter.class);
			assertThat(context.getBean(LogfireSpanPipeline.class).consumers())
				.anySatisfy((consumer) -> assertThat(consumer.exporter()).isInstanceOf(ExplorerSpanExporter.class));
		});
	}

	@Test
	void aTokenTurnsTheExplorerOffUnlessItIsEnabled() {
		LogfireContextRunners.application()
			.withPropertyValues("logfire.token=pylf_v1_us_secret")
			.run((context) -> assertThat(context).doesNotHaveBean(ExplorerStore.class));
		LogfireContextRunners.application()
			.withPropertyValues("logfire.token=pylf_v1_us_secret", "logfire.explorer.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ExplorerStore.class));
		LogfireContextRunners.application()
			.withPropertyValues("logfire.token=pylf_v1_us_secret", "logfire.send-to-logfire=false")
			.run((context) -> assertThat(context).hasSingleBean(ExplorerStore.class));
		LogfireContextRunners.application()
			.withPropertyValues("logfire.explorer.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExplorerStore.class)
				.doesNotHaveBean(ExplorerSpanExporter.class));
	}

	@Test
	void anOtlpEndpointTurnsTheExplorerOffUnlessItIsEnabled() {
		for (String endpoint : new String[] { "logfire.otlp.endpoint=http://127.0.0.1:4318",
				"management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces" }) {
			LogfireContextRunners.application()
				.withPropertyValues(endpoint)
				.run((context) -> assertThat(context).doesNotHaveBean(ExplorerStore.class));
			LogfireContextRunners.application()
				.withPropertyValues(endpoint, "logfire.explorer.enabled=true")
				.run((context) -> assertThat(context).hasSingleBean(ExplorerStore.class));
		}
	}

	@Test
	void withoutDuckDbTheExplorerIsOffAndAskingForItFailsStartup() {
		FilteredClassLoader noDuckDb = new FilteredClassLoader("org.duckdb");
		LogfireContextRunners.application()
			.withClassLoader(noDuckDb)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ExplorerStore.class));
		LogfireContextRunners.application()
			.withClassLoader(noDuckDb)
			.withPropertyValues("logfire.explorer.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("logfire.explorer.enabled")
					.hasMessageContaining("org.duckdb:duckdb_jdbc");
			});
	}

	@Test
	void aUserStoreReplacesOurs() {
		LogfireContextRunners.application()
			.withUserConfiguration(UserStore.class)
			.run((context) -> assertThat(context.getBean(ExplorerStore.class))
				.isSameAs(context.getBean(UserStore.class).store));
	}

	@Test
	void withoutActuatorTheDashboardIsServedByTheApplication() {
		new WebApplicationContextRunner().withConfiguration(LogfireContextRunners.BOOT)
			.withConfiguration(LogfireContextRunners.LOGFIRE)
			.withPropertyValues("logfire.console.enabled=false")
			.withClassLoader(new FilteredClassLoader(ExplorerManagementContextConfiguration.MANAGEMENT_CONTEXT_CLASS))
			.run((context) -> assertThat(context).hasBean("logfireExplorerRoutes")
				.getBean("logfireExplorerRoutes")
				.isInstanceOf(RouterFunction.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStore {

		final ExplorerStore store = new ExplorerStore(new LogfireExplorerProperties());

		@Bean(destroyMethod = "close")
		ExplorerStore myStore() {
			return this.store;
		}

	}

}
