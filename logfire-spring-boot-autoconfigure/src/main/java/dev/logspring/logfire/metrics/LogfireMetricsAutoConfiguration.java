package dev.logspring.logfire.metrics;

import java.util.List;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.ExportSwitches;
import dev.logspring.logfire.export.LogfireDestinations;
import dev.logspring.logfire.export.LogfireDestinations.Destination;
import dev.logspring.logfire.pipeline.BatchProcessorMonitor;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The SDK's meter provider, which Boot's {@code OpenTelemetrySdk} picks up: one periodic
 * reader per destination, with Logfire's temporality preferences, plus any
 * {@link MetricReader} bean (in-process consumers such as alerts read metrics that way).
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class, before = OpenTelemetrySdkAutoConfiguration.class)
@ConditionalOnClass(SdkMeterProvider.class)
@ConditionalOnLogfireEnabled
@EnableConfigurationProperties(LogfireMetricsProperties.class)
public final class LogfireMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SdkMeterProvider logfireMeterProvider(Resource resource, LogfireDestinations destinations,
			LogfireMetricsProperties properties, ObjectProvider<MetricReader> readers, Environment environment) {
		if (properties.getExportInterval() == null || properties.getExportInterval().isNegative()
				|| properties.getExportInterval().isZero()) {
			throw new InvalidConfigurationPropertyValueException("logfire.metrics.export-interval",
					String.valueOf(properties.getExportInterval()), "a duration above 0 (e.g. 10s, 1m)");
		}
		SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setResource(resource);
		// Boot's test support switches metrics export off unless a test asks for it.
		List<Destination> exported = ExportSwitches.metricsEnabled(environment) ? destinations.all() : List.of();
		exported.forEach((destination) -> builder.registerMetricReader(
					PeriodicMetricReader.builder(destinations.metricExporter(destination))
						.setInterval(properties.getExportInterval())
						.build()));
		readers.orderedStream().forEach(builder::registerMetricReader);
		return builder.build();
	}

	@Bean
	@ConditionalOnBean(LogfireSpanPipeline.class)
	@ConditionalOnMissingBean
	LogfireSelfMetrics logfireSelfMetrics(SdkMeterProvider meterProvider, LogfireSpanPipeline pipeline,
			ObjectProvider<BatchProcessorMonitor> batchProcessor) {
		return new LogfireSelfMetrics(meterProvider, pipeline, batchProcessor.getIfAvailable());
	}

}
