package dev.logspring.logfire.metrics;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.micrometer.v1_5.OpenTelemetryMeterRegistry;
import io.opentelemetry.instrumentation.runtimemetrics.java8.RuntimeMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's beans replace ours: {@link LogfireMetricsAutoConfiguration},
 * {@link LogfireSystemMetricsAutoConfiguration}, {@link LogfireMicrometerAutoConfiguration},
 * {@link LogfireHttpMetricsAutoConfiguration}.
 */
class BackOffTest {

	@Test
	void metricsBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireMeterProvider", OwnMeterProvider.class,
				SdkMeterProvider.class);
		LogfireContextRunners.full()
			.withUserConfiguration(OwnMeterProvider.class)
			.run((context) -> assertThat(((OpenTelemetrySdk) context.getBean(OpenTelemetry.class)).getSdkMeterProvider())
				.isSameAs(context.getBean("ownMeterProvider")));
	}

	@Test
	void systemMetricsBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireRuntimeMetrics", OwnRuntimeMetrics.class,
				RuntimeMetrics.class);
	}

	@Test
	void httpMetricsBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireHttpDurationMetrics", OwnHttpDurationMetrics.class,
				HttpDurationMetrics.class);
	}

	/** Micrometer registries add up, so ours is replaced by its name. */
	@Test
	void micrometerBacksOff() {
		ApplicationContextRunner runner = LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("logfire.metrics.micrometer.enabled=true");
		runner.run((context) -> assertThat(context).hasNotFailed()
			.getBean("logfireMeterRegistry")
			.isInstanceOf(OpenTelemetryMeterRegistry.class));
		runner.withUserConfiguration(OwnMeterRegistry.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OpenTelemetryMeterRegistry.class)
				.getBean("logfireMeterRegistry")
				.isSameAs(context.getBean(OwnMeterRegistry.class).registry));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMeterProvider {

		@Bean
		SdkMeterProvider ownMeterProvider() {
			return SdkMeterProvider.builder().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHttpDurationMetrics {

		@Bean
		HttpDurationMetrics ownHttpDurationMetrics() {
			return new HttpDurationMetrics(() -> SdkMeterProvider.builder().build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRuntimeMetrics {

		@Bean
		RuntimeMetrics ownRuntimeMetrics(OpenTelemetry openTelemetry) {
			return RuntimeMetrics.builder(openTelemetry).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMeterRegistry {

		final SimpleMeterRegistry registry = new SimpleMeterRegistry();

		@Bean
		MeterRegistry logfireMeterRegistry() {
			return this.registry;
		}

	}

}
