package dev.logspring.logfire.autoconfigure;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One SDK per application: Boot's OpenTelemetry support beside ours adds no second SDK and no
 * duplicate span; Micrometer Observations land in the same traces; a user's beans win.
 */
class OneSdkTest {

	static class Work {

		@Traced(spanName = "traced work")
		public void run(ObservationRegistry registry) {
			Observation.createNotStarted("observed.work", registry).observe(() -> {
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Work work() {
			return new Work();
		}

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

	}

	@Test
	void bootsOtlpExporterBesideOursGetsEachSpanOnceFromTheSameSdk() {
		try (OtlpReceiver logfire = new OtlpReceiver(); OtlpReceiver bootOtlp = new OtlpReceiver()) {
			LogfireContextRunners.full()
				.withConfiguration(AutoConfigurations.of(OtlpTracingAutoConfiguration.class))
				.withUserConfiguration(Config.class)
				.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + logfire.baseUrl(),
						"management.opentelemetry.tracing.export.otlp.endpoint=" + bootOtlp.baseUrl() + "/v1/traces")
				.run((context) -> {
					assertThat(context).hasSingleBean(SdkTracerProvider.class).hasSingleBean(OpenTelemetry.class);
					context.getBean(Work.class).run(context.getBean(ObservationRegistry.class));
					context.getBean(Logfire.class).info("facade log", Map.of());
				});
			for (OtlpReceiver receiver : new OtlpReceiver[] { logfire, bootOtlp }) {
				OtlpReceiver.ReceivedSpan traced = receiver.awaitSpanNamed("traced work");
				OtlpReceiver.ReceivedSpan observed = receiver.awaitSpanNamed("observed.work");
				receiver.awaitSpanNamed("facade log");
				assertThat(observed.traceId()).isEqualTo(traced.traceId());
				assertThat(observed.parentSpanId()).isEqualTo(traced.spanId());
				assertThat(receiver.spans()).hasSize(3);
			}
		}
	}

	@Test
	void samplesEverythingByDefaultNotBootsTenPercent() {
		LogfireContextRunners.full().withUserConfiguration(Config.class).run((context) -> {
			for (int i = 0; i < 50; i++) {
				context.getBean(Logfire.class).info("sampled " + i);
			}
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			org.awaitility.Awaitility.await().until(() -> exporter.spans().size() == 50);
		});
	}

	@Test
	void usersOwnBeansWin() {
		OpenTelemetry own = OpenTelemetry.noop();
		LogfireContextRunners.full()
			.withBean("ownOpenTelemetry", OpenTelemetry.class, () -> own)
			.withBean("ownSampler", Sampler.class, Sampler::alwaysOff)
			.run((context) -> {
				assertThat(context.getBean(OpenTelemetry.class)).isSameAs(own);
				assertThat(context.getBean(Sampler.class)).isEqualTo(Sampler.alwaysOff());
			});
	}

	@Test
	void disabledStarterCreatesNothing() {
		LogfireContextRunners.full().withPropertyValues("logfire.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(Logfire.class)
				.doesNotHaveBean(dev.logspring.logfire.pipeline.LogfireSpanPipeline.class);
		});
	}

}
