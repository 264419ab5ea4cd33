package dev.logspring.logfire.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.export.LogfireDestinations;
import dev.logspring.logfire.pipeline.BatchProcessorMonitor;
import dev.logspring.logfire.pipeline.ExportRetry;
import dev.logspring.logfire.pipeline.ExportStage;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer;
import dev.logspring.logfire.pipeline.SpanSanitizer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Plugs Logfire into the one OpenTelemetry SDK that Spring Boot assembles from beans: our
 * resource, our sampler and our batch span processor (which replaces Boot's) feeding the span
 * pipeline. Every {@link SpanExporter} bean, Boot's OTLP exporter included, becomes a consumer
 * of the pipeline and so only ever sees sanitized spans.
 */
@AutoConfiguration(before = { OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnClass({ OpenTelemetry.class, SdkTracerProvider.class })
@ConditionalOnBooleanProperty(name = "logfire.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LogfireProperties.class)
public final class LogfireTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Resource logfireResource(Environment environment, LogfireProperties properties,
			ObjectProvider<OpenTelemetryProperties> bootProperties) {
		OpenTelemetryProperties boot = bootProperties.getIfAvailable();
		Map<String, String> bootAttributes = (boot != null) ? boot.getResourceAttributes() : Map.of();
		return LogfireResourceFactory.create(environment, properties, bootAttributes);
	}

	/** Head sampling at {@code logfire.sampling.rate} (Boot's default keeps only 10 %). */
	@Bean
	@ConditionalOnMissingBean
	Sampler logfireSampler(LogfireProperties properties) {
		return Sampler.parentBased(Sampler.traceIdRatioBased(properties.getSampling().getRate()));
	}

	@Bean
	@ConditionalOnMissingBean
	LogfireDestinations logfireDestinations(LogfireProperties properties) {
		return new LogfireDestinations(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	LogfireSpanPipeline logfireSpanPipeline(LogfireProperties properties, LogfireDestinations destinations,
			ObjectProvider<SpanSanitizer> sanitizer, ObjectProvider<ExportStage> stages,
			Map<String, SpanExporter> exporterBeans) {
		LogfireProperties.Export export = properties.getExport();
		List<QueuedSpanConsumer> consumers = new ArrayList<>();
		destinations.all()
			.forEach((destination) -> consumers.add(new QueuedSpanConsumer(destination.name(),
					destinations.spanExporter(destination), export.getMaxQueueSize(), export.getTimeout(),
					destinations.retry())));
		// Exporters we did not build retry on their own terms, if at all.
		exporterBeans.forEach((name, exporter) -> consumers.add(new QueuedSpanConsumer(name, exporter,
				export.getMaxQueueSize(), export.getTimeout(), ExportRetry.NEVER)));
		return new LogfireSpanPipeline(sanitizer.getIfAvailable(), stages.orderedStream().toList(), consumers);
	}

	@Bean
	@ConditionalOnMissingBean
	BatchProcessorMonitor logfireBatchProcessorMonitor() {
		return new BatchProcessorMonitor();
	}

	/** Replaces Boot's batch processor (which backs off when a {@code BatchSpanProcessor} bean exists). */
	@Bean
	@ConditionalOnMissingBean
	BatchSpanProcessor logfireSpanProcessor(LogfireProperties properties, LogfireSpanPipeline pipeline,
			BatchProcessorMonitor monitor) {
		LogfireProperties.Export export = properties.getExport();
		return BatchSpanProcessor.builder(pipeline.asSpanExporter())
			.setMeterProvider(monitor.meterProvider())
			.setMaxExportBatchSize(export.getBatchSize())
			.setMaxQueueSize(export.getMaxQueueSize())
			.setScheduleDelay(export.getScheduleDelay())
			.setExporterTimeout(export.getTimeout())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	Logfire logfire(OpenTelemetry openTelemetry, LogfireProperties properties) {
		return new Logfire(openTelemetry, properties.parseMinLevel(), properties.getMaxEventSize())
			.withThreadUsage(properties.isRecordThreadUsage());
	}

	@Bean
	static GlobalLogfireRegistration globalLogfireRegistration(ConfigurableListableBeanFactory beanFactory) {
		return new GlobalLogfireRegistration(beanFactory);
	}

	/** Publishes the application's {@link Logfire} as {@link Logfire#global()} while it runs. */
	static final class GlobalLogfireRegistration implements SmartInitializingSingleton, DisposableBean {

		private final ConfigurableListableBeanFactory beanFactory;

		private Logfire registered;

		GlobalLogfireRegistration(ConfigurableListableBeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void afterSingletonsInstantiated() {
			this.registered = this.beanFactory.getBeanProvider(Logfire.class).getIfUnique();
			if (this.registered != null) {
				Logfire.setGlobal(this.registered);
			}
		}

		@Override
		public void destroy() {
			if (this.registered != null) {
				Logfire.resetGlobal(this.registered);
			}
		}

	}

}
