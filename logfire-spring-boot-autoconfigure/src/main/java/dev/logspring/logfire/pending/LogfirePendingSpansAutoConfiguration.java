package dev.logspring.logfire.pending;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.export.LogfireDestinations;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Pending spans ({@code logfire.pending-spans.*}, on by default): a span processor that joins
 * the SDK Spring Boot builds and queues copies of long-running spans on the starter's batch
 * processor, in front of the span pipeline.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class, before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@ConditionalOnBean(name = LogfireTracingAutoConfiguration.SPAN_PROCESSOR)
@ConditionalOnBooleanProperty(name = "logfire.pending-spans.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LogfirePendingSpansProperties.class)
public final class LogfirePendingSpansAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PendingSpanProcessor logfirePendingSpanProcessor(LogfirePendingSpansProperties properties,
			@Qualifier(LogfireTracingAutoConfiguration.SPAN_PROCESSOR) BatchSpanProcessor exportQueue,
			LogfireDestinations destinations) {
		// Only the starter's destinations take the copies: without one, there is nothing to do.
		int maxOpenSpans = destinations.all().isEmpty() ? 0 : properties.getMaxOpenSpans();
		return new PendingSpanProcessor(exportQueue, properties.getThreshold().toNanos(), maxOpenSpans);
	}

}
