package dev.logspring.logfire.explorer;

import dev.logspring.logfire.config.PropertyChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * Fails startup on a {@code logfire.explorer.*} value the explorer cannot work with, and on
 * {@code enabled=true} without DuckDB, which would otherwise do nothing.
 */
final class ExplorerPropertiesValidator {

	ExplorerPropertiesValidator(LogfireExplorerProperties properties, @Nullable ClassLoader classLoader) {
		if (Boolean.TRUE.equals(properties.getEnabled())
				&& !ClassUtils.isPresent(ExplorerStore.DUCKDB_CLASS, classLoader)) {
			throw new InvalidConfigurationPropertyValueException("logfire.explorer.enabled", "true",
					"true only with DuckDB on the classpath: add the dependency org.duckdb:duckdb_jdbc");
		}
		String path = properties.getPath();
		if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
			throw new InvalidConfigurationPropertyValueException("logfire.explorer.path", path,
					"a path that starts with / and does not end with / (e.g. /logfire)");
		}
		LogfireExplorerProperties.Retention retention = properties.getRetention();
		PropertyChecks.requirePositive("logfire.explorer.retention.max-spans", retention.getMaxSpans());
		PropertyChecks.requirePositive("logfire.explorer.retention.max-age", retention.getMaxAge());
		if (retention.getMaxSize() == null || retention.getMaxSize().toMegabytes() < 32) {
			throw new InvalidConfigurationPropertyValueException("logfire.explorer.retention.max-size",
					String.valueOf(retention.getMaxSize()), "a size of at least 32MB (e.g. 256MB)");
		}
		PropertyChecks.requirePositive("logfire.explorer.query.max-rows", properties.getQuery().getMaxRows());
		PropertyChecks.requirePositive("logfire.explorer.query.timeout", properties.getQuery().getTimeout());
	}

}
