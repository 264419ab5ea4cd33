package dev.logspring.logfire.health;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.export.LogfireDestinations;
import dev.logspring.logfire.pipeline.BatchProcessorMonitor;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code logfire} health contributor, when Spring Boot's health support is on the
 * classpath ({@code management.health.logfire.enabled} turns it off).
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(LogfireSpanPipeline.class)
@ConditionalOnEnabledHealthIndicator("logfire")
public final class LogfireHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "logfireHealthIndicator")
	LogfireHealthIndicator logfireHealthIndicator(LogfireSpanPipeline pipeline,
			ObjectProvider<BatchProcessorMonitor> batchProcessor, LogfireDestinations destinations) {
		return new LogfireHealthIndicator(pipeline, batchProcessor.getIfAvailable(), destinations);
	}

}
