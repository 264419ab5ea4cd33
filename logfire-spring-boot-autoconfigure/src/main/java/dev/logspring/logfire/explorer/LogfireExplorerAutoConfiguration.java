package dev.logspring.logfire.explorer;

import java.util.List;
import java.util.regex.Pattern;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.http.ExcludedServerUrls;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Keeps recent spans in an embedded DuckDB database for the local explorer: on when spans are
 * not sent to Logfire (or {@code logfire.explorer.enabled=true}) and DuckDB is on the classpath.
 * The store reads the span stream as a {@code SpanExporter} bean, on its own queue and thread.
 * The properties are bound in any case, so that {@code enabled=true} without DuckDB stops
 * startup with a clear report instead of doing nothing.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@EnableConfigurationProperties(LogfireExplorerProperties.class)
public final class LogfireExplorerAutoConfiguration {

	/** A check, not a replaceable part: it does not back off. */
	@Bean
	ExplorerPropertiesValidator logfireExplorerPropertiesValidator(LogfireExplorerProperties properties,
			ResourceLoader resourceLoader) {
		return new ExplorerPropertiesValidator(properties, resourceLoader.getClassLoader());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = ExplorerStore.DUCKDB_CLASS)
	@Conditional(ExplorerEnabledCondition.class)
	@DependsOn("logfireExplorerPropertiesValidator")
	static class ExplorerStoreConfiguration {

		/** Null (no store, so none of the beans below) when a processed application starts with it off. */
		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		ExplorerStore logfireExplorerStore(LogfireExplorerProperties properties, Environment environment) {
			return new ExplorerEnabledCondition().holdsAtStartup(environment) ? new ExplorerStore(properties) : null;
		}

		@Bean
		@ConditionalOnMissingBean
		ExplorerSpanExporter logfireExplorerSpanExporter(ObjectProvider<ExplorerStore> store) {
			ExplorerStore available = store.getIfAvailable();
			return (available != null) ? new ExplorerSpanExporter(available) : null;
		}

		/** Where other tools link to (Alertmanager's generatorURL). */
		@Bean
		ExplorerDashboardLink logfireExplorerDashboardLink(Environment environment, LogfireExplorerProperties properties) {
			return new ExplorerDashboardLink(environment, properties.getPath());
		}

		/**
		 * The dashboard polls every few seconds: its own requests are not the application's
		 * traffic. Exclusions add up with the application's own: this does not back off.
		 */
		@Bean
		ExcludedServerUrls logfireExplorerRequestsNotTraced(LogfireExplorerProperties properties,
				ObjectProvider<ExplorerStore> store) {
			if (store.getIfAvailable() == null) {
				return null;
			}
			// Matched against the URL, with or without scheme and host.
			return new ExcludedServerUrls(List.of(
					Pattern.compile("^(https?://[^/]+)?" + Pattern.quote(properties.getPath()) + "([/?].*)?$")));
		}

	}

}
