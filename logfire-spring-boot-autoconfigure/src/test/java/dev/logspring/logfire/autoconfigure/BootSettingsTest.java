package dev.logspring.logfire.autoconfigure;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spring Boot's own tracing settings decide where the user set them, on every Boot line. */
class BootSettingsTest {

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void close() {
		this.receiver.close();
	}

	@Test
	void logfireKeepsEveryTraceWhereNobodySetBootsSampling() {
		LogfireContextRunners.full().run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
			.contains("TraceIdRatioBased{1.000000}"));
		LogfireContextRunners.full()
			.withPropertyValues("logfire.sampling.rate=0.5")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.contains("TraceIdRatioBased{0.500000}"));
	}

	@Test
	void bootsSamplingProbabilityDecidesWhenSet() {
		LogfireContextRunners.full()
			.withPropertyValues("management.tracing.sampling.probability=0.25", "logfire.sampling.rate=0.5")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.contains("TraceIdRatioBased{0.250000}"));
	}

	@Test
	void openTelemetrySwitchedOffTurnsTheStarterOff() {
		for (String off : new String[] { "management.opentelemetry.enabled=false", "OTEL_SDK_DISABLED=true",
				"logfire.enabled=false" }) {
			LogfireContextRunners.full()
				.withPropertyValues(off, "logfire.token=pylf_v1_us_secret", "logfire.base-url=" + this.receiver.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(Logfire.class).doesNotHaveBean(LogfireSpanPipeline.class);
				});
		}
		assertThat(this.receiver.requestCount()).isZero();
	}

	@Test
	void tracingExportSwitchedOffSendsNothingAnywhere() {
		for (String off : new String[] { "management.tracing.export.enabled=false",
				"management.tracing.export.logfire.enabled=false" }) {
			LogfireContextRunners.full()
				.withPropertyValues(off, "logfire.token=pylf_v1_us_secret", "logfire.base-url=" + this.receiver.baseUrl(),
						"logfire.metrics.export-interval=1h")
				.run((context) -> {
					context.getBean(Logfire.class).info("kept in the process");
					assertThat(context.getBean(LogfireSpanPipeline.class).consumers()).isEmpty();
				});
		}
		assertThat(this.receiver.traceRequests()).isEmpty();
	}

	@Test
	void bootsOtlpExporterToTheSameEndpointDoesNotSendASecondCopy() {
		LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(OtlpTracingAutoConfiguration.class))
			.withPropertyValues("logfire.otlp.endpoint=" + this.receiver.baseUrl(),
					"management.opentelemetry.tracing.export.otlp.endpoint=" + this.receiver.baseUrl() + "/v1/traces")
			.run((context) -> {
				for (int i = 0; i < 5; i++) {
					context.getBean(Logfire.class).info("once {i}", Map.of("i", i));
				}
				assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
				await().until(() -> this.receiver.spans().stream().filter((span) -> span.name().equals("once {i}")).count() >= 5);
			});
		assertThat(this.receiver.spans()).filteredOn((span) -> span.name().equals("once {i}")).hasSize(5);
	}

	@Test
	void bootsExportExtensionPointsApplyToEverythingWeExport() {
		LogfireContextRunners.full().withUserConfiguration(ExtensionPoints.class).run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			logfire.info("health check");
			logfire.info("order placed");
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			assertThat(exporter.awaitSpanNamed("order placed (filtered)")).isNotNull();
			assertThat(exporter.spans()).extracting((span) -> span.getName()).doesNotContain("health check");
		});
	}

	@Test
	void bootsSpanLimitsWinWhereSet() {
		// Boot 4.1's property: it caps a span's attributes at 7 there; Boot 4.0 has no such property,
		// and logfire.limits.* (128 attributes by default) steps aside all the same.
		boolean boot41 = ClassUtils.isPresent(
				"org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry", null);
		LogfireContextRunners.full()
			.withUserConfiguration(Recording.class)
			.withPropertyValues("management.opentelemetry.tracing.limits.max-attributes=7")
			.run((context) -> {
				Span span = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("capped").startSpan();
				for (int i = 0; i < 10; i++) {
					span.setAttribute("attribute." + i, i);
				}
				span.end();
				SpanData capped = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("capped");
				assertThat(capped.getTotalAttributeCount()).isEqualTo(10);
				assertThat(capped.getAttributes().size()).isEqualTo(boot41 ? 7 : 10);
			});
		LogfireContextRunners.full()
			.withPropertyValues("logfire.limits.max-attributes=9")
			.run((context) -> assertThat(context.getBean(SpanLimits.class).getMaxNumberOfAttributes()).isEqualTo(9));
	}

	@Test
	void anExportingProcessorOfTheApplicationsOwnFailsStartupWithAReason() {
		LogfireContextRunners.full().withUserConfiguration(OwnBatchProcessor.class).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).isInstanceOf(UnsanitizedExportException.class);
			FailureAnalysis analysis = new UnsanitizedExportFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("ownProcessor").contains("skip scrubbing");
			assertThat(analysis.getAction()).contains("SpanExporter bean").contains("logfire.scrubbing.enabled=false");
		});
		LogfireContextRunners.full()
			.withUserConfiguration(OwnBatchProcessor.class)
			.withPropertyValues("logfire.scrubbing.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class ExtensionPoints {

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

		@Bean
		SpanExportingPredicate dropHealthChecks() {
			return (span) -> !span.getName().equals("health check");
		}

		@Bean
		SpanFilter markFiltered() {
			return (span) -> span.setName(span.getName() + " (filtered)");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBatchProcessor {

		@Bean
		SpanProcessor ownProcessor() {
			return BatchSpanProcessor.builder(new RecordingSpanExporter()).build();
		}

	}

}
