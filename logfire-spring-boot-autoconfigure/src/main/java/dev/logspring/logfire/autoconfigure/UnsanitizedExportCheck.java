package dev.logspring.logfire.autoconfigure;

import java.util.Arrays;
import java.util.List;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Scrubbing is never switched off silently: an exporting span processor that the application
 * declares (a {@link BatchSpanProcessor} makes ours, and with it the sanitizer, back off) would
 * send spans nobody scrubbed, so startup fails with {@link UnsanitizedExportException}, unless
 * scrubbing is off on purpose ({@code logfire.scrubbing.enabled=false}).
 */
final class UnsanitizedExportCheck implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	UnsanitizedExportCheck(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!this.environment.getProperty("logfire.scrubbing.enabled", Boolean.class, true)) {
			return;
		}
		List<String> bypassing = Arrays.stream(this.beanFactory.getBeanNamesForType(SpanProcessor.class, false, false))
			.filter((name) -> !name.equals(LogfireTracingAutoConfiguration.SPAN_PROCESSOR))
			.filter((name) -> exports(this.beanFactory.getType(name)))
			.toList();
		if (!bypassing.isEmpty()) {
			throw new UnsanitizedExportException(bypassing);
		}
	}

	private static boolean exports(@Nullable Class<?> type) {
		return type != null
				&& (BatchSpanProcessor.class.isAssignableFrom(type) || SimpleSpanProcessor.class.isAssignableFrom(type));
	}

}
