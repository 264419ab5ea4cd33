package dev.logspring.logfire.console;

import java.io.PrintStream;

import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Prints spans and logs on the console (on by default): what a developer sees with no token
 * and no backend.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class, before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@Conditional(ConsoleEnabledCondition.class)
@EnableConfigurationProperties(LogfireConsoleProperties.class)
public final class LogfireConsoleAutoConfiguration {

	/** Null (no console) when an application processed ahead of time starts with it off. */
	@Bean
	@ConditionalOnMissingBean
	@Nullable ConsoleSpanProcessor logfireConsoleSpanProcessor(LogfireConsoleProperties console,
			ObjectProvider<SpanSanitizer> sanitizer, Environment environment) {
		if (!new ConsoleEnabledCondition().holdsAtStartup(environment)) {
			return null;
		}
		PrintStream out = (console.getOutput() == LogfireConsoleProperties.Output.STDERR) ? System.err : System.out;
		boolean colors = switch (console.getColors()) {
			case ALWAYS -> true;
			case NEVER -> false;
			case AUTO -> System.console() != null && !"dumb".equals(System.getenv("TERM"));
		};
		ConsoleRenderer renderer = new ConsoleRenderer(colors, console.isVerbose(), console.isIncludeTimestamps());
		return new ConsoleSpanProcessor(renderer, sanitizer.getIfAvailable(), out,
				console.getMinLevel(),
				console.getMaxQueuedLines());
	}

}
