package dev.logspring.logfire.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.ExportStage;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.ExportSwitches;
import dev.logspring.logfire.config.LevelConverter;
import dev.logspring.logfire.config.LogfireConnectionDetails;
import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.config.LogfirePropertiesValidator;
import dev.logspring.logfire.config.PropertiesLogfireConnectionDetails;
import dev.logspring.logfire.export.LogfireDestinations;
import dev.logspring.logfire.export.LogfireDestinations.Destination;
import dev.logspring.logfire.internal.DefaultLogfire;
import dev.logspring.logfire.pipeline.BatchProcessorMonitor;
import dev.logspring.logfire.pipeline.ExportRetry;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Plugs Logfire into the one OpenTelemetry SDK that Spring Boot assembles from beans: our
 * resource, our sampler and our batch span processor (which replaces Boot's) feeding the span
 * pipeline. Every {@link SpanExporter} bean, Boot's OTLP exporter included, becomes a consumer
 * of the pipeline and so only ever sees sanitized spans.
 */
@AutoConfiguration(before = { OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnClass({ OpenTelemetry.class, SdkTracerProvider.class })
@ConditionalOnLogfireEnabled
@EnableConfigurationProperties(LogfireProperties.class)
public final class LogfireTracingAutoConfiguration {

	/** The name of our batch span processor, which feeds the pipeline. */
	public static final String SPAN_PROCESSOR = "logfireSpanProcessor";

	private static final Log logger = LogFactory.getLog(LogfireTracingAutoConfiguration.class);

	/** Levels as users write them ({@code warning} too), for every {@code logfire.*} level setting. */
	@Bean
	@ConfigurationPropertiesBinding
	static LevelConverter logfireLevelConverter() {
		return new LevelConverter();
	}

	/**
	 * Fails startup on an invalid {@code logfire.*} value before anything uses it. A check, not a
	 * replaceable part: it does not back off.
	 */
	@Bean
	LogfirePropertiesValidator logfirePropertiesValidator(LogfireProperties properties) {
		return new LogfirePropertiesValidator(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	LogfireConnectionDetails logfireConnectionDetails(LogfireProperties properties) {
		return new PropertiesLogfireConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	Resource logfireResource(Environment environment, LogfireProperties properties,
			ObjectProvider<OpenTelemetryProperties> bootProperties) {
		OpenTelemetryProperties boot = bootProperties.getIfAvailable();
		Map<String, String> bootAttributes = (boot != null) ? boot.getResourceAttributes() : Map.of();
		return LogfireResourceFactory.create(environment, properties, bootAttributes);
	}

	/**
	 * Head sampling at {@code logfire.sampling.rate}, keeping every trace by default as Logfire
	 * does (Boot keeps 10 %); only where the user set none of Boot's sampling settings, which
	 * otherwise decide through Boot's own sampler.
	 */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(NoBootSamplingSet.class)
	Sampler logfireSampler(LogfireProperties properties) {
		return Sampler.parentBased(Sampler.traceIdRatioBased(properties.getSampling().getRate()));
	}

	@Bean
	@ConditionalOnMissingBean
	LogfireDestinations logfireDestinations(LogfireConnectionDetails connectionDetails, LogfireProperties properties) {
		return new LogfireDestinations(connectionDetails, properties.getExport().getTimeout(),
				properties.getExport().getCompression());
	}

	/**
	 * Boot's span-export extension points, applied to every batch our pipeline exports. One
	 * stage among the application's own: it does not back off.
	 */
	@Bean
	@ConditionalOnClass(CompositeSpanExporter.class)
	ExportStage logfireBootSpanExportExtensions(ObjectProvider<SpanExportingPredicate> predicates,
			ObjectProvider<SpanReporter> reporters, ObjectProvider<SpanFilter> filters) {
		return new BootSpanExportExtensions(predicates.orderedStream().toList(), reporters.orderedStream().toList(),
				filters.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	LogfireSpanPipeline logfireSpanPipeline(LogfireProperties properties, LogfireDestinations destinations,
			Environment environment, ObjectProvider<SpanSanitizer> sanitizer, ObjectProvider<ExportStage> stages,
			ObjectProvider<SpanExporter> exporters, Map<String, SpanExporter> exporterBeans,
			ObjectProvider<OtlpTracingConnectionDetails> bootOtlp) {
		LogfireProperties.Export export = properties.getExport();
		List<QueuedSpanConsumer> consumers = new ArrayList<>();
		List<Destination> exported = destinations.all()
			.stream()
			.filter((destination) -> ExportSwitches.tracesEnabled(environment, destination.exporter()))
			.toList();
		exported.forEach((destination) -> consumers.add(new QueuedSpanConsumer(destination.name(),
				destinations.spanExporter(destination), export.getMaxQueueSize(), export.getTimeout(),
				destinations.retry())));
		String bootOtlpUrl = bootOtlpTracesUrl(bootOtlp);
		boolean otlpSentByUs = exported.stream()
			.anyMatch((destination) -> destination.tracesUrl().equals(bootOtlpUrl));
		exporters.orderedStream().forEach((exporter) -> {
			if (otlpSentByUs && isBootOtlpExporter(exporter)) {
				// The same endpoint twice (Boot 4.1 maps OTEL_EXPORTER_OTLP_ENDPOINT for its own
				// exporter too): ours sends, with Logfire's retries, and each span arrives once.
				logger.debug("Boot's OTLP span exporter left out: logfire.otlp sends to " + bootOtlpUrl);
				return;
			}
			// Exporters we did not build retry on their own terms, if at all.
			consumers.add(new QueuedSpanConsumer(beanName(exporterBeans, exporter), exporter,
					export.getMaxQueueSize(), export.getTimeout(), ExportRetry.NEVER));
		});
		return new LogfireSpanPipeline(sanitizer.getIfAvailable(), stages.orderedStream().toList(), consumers);
	}

	private static @Nullable String bootOtlpTracesUrl(ObjectProvider<OtlpTracingConnectionDetails> bootOtlp) {
		OtlpTracingConnectionDetails details = bootOtlp.getIfAvailable();
		return (details != null) ? details.getUrl(Transport.HTTP) : null;
	}

	private static boolean isBootOtlpExporter(SpanExporter exporter) {
		return exporter instanceof OtlpHttpSpanExporter || exporter instanceof OtlpGrpcSpanExporter;
	}

	private static String beanName(Map<String, SpanExporter> exporterBeans, SpanExporter exporter) {
		return exporterBeans.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == exporter)
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(exporter.getClass().getSimpleName());
	}

	@Bean
	@ConditionalOnMissingBean
	BatchProcessorMonitor logfireBatchProcessorMonitor() {
		return new BatchProcessorMonitor();
	}

	/** Replaces Boot's batch processor (which backs off when a {@code BatchSpanProcessor} bean exists). */
	@Bean(SPAN_PROCESSOR)
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
		return new DefaultLogfire(openTelemetry, properties.getMinLevel(), properties.getMaxEventSize())
			.withThreadUsage(properties.isRecordThreadUsage());
	}

	/**
	 * Fails startup where a batch processor other than ours would export spans that the
	 * sanitizer never saw (ours backs off when the application declares its own). A safety
	 * check, not a replaceable part: it does not back off.
	 */
	@Bean
	static UnsanitizedExportCheck logfireUnsanitizedExportCheck(ConfigurableListableBeanFactory beanFactory,
			Environment environment) {
		return new UnsanitizedExportCheck(beanFactory, environment);
	}

	@Bean
	static GlobalLogfireRegistration globalLogfireRegistration(ConfigurableListableBeanFactory beanFactory) {
		return new GlobalLogfireRegistration(beanFactory);
	}

	/** Whether the user set none of Boot's sampling settings. */
	static final class NoBootSamplingSet extends SpringBootCondition {

		private static final String[] BOOT_SAMPLING = { "management.tracing.sampling.probability",
				"management.opentelemetry.tracing.sampler" };

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Logfire sampling");
			for (String property : BOOT_SAMPLING) {
				if (context.getEnvironment().containsProperty(property)) {
					return ConditionOutcome.noMatch(message.because(property + " is set"));
				}
			}
			return ConditionOutcome.match(message.because("none of Boot's sampling settings is set"));
		}

	}

	/** Publishes the application's {@link Logfire} as {@link Logfire#global()} while it runs. */
	static final class GlobalLogfireRegistration implements SmartInitializingSingleton, DisposableBean {

		private final ConfigurableListableBeanFactory beanFactory;

		private @Nullable Logfire registered;

		GlobalLogfireRegistration(ConfigurableListableBeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void afterSingletonsInstantiated() {
			this.registered = this.beanFactory.getBeanProvider(Logfire.class).getIfUnique();
			if (this.registered != null) {
				DefaultLogfire.makeGlobal(this.registered);
			}
		}

		@Override
		public void destroy() {
			if (this.registered != null) {
				DefaultLogfire.releaseGlobal(this.registered);
			}
		}

	}

}
