package dev.logspring.logfire.metrics;

import java.time.Duration;
import java.util.List;

import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JVM metrics and Micrometer's meters as the backend receives them: each once, from one source.
 */
class SystemAndMicrometerMetricsTest {

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	/** An application with actuator's metrics: Micrometer's own JVM and system binders included. */
	private ApplicationContextRunner runner() {
		return LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					JvmMetricsAutoConfiguration.class, SystemMetricsAutoConfiguration.class))
			.withPropertyValues("logfire.otlp.endpoint=" + this.receiver.baseUrl(), "logfire.metrics.export-interval=1h",
					"logfire.metrics.micrometer.enabled=true");
	}

	/** Metric name to the instrumentation scopes that sent it, over every request. */
	private List<String> scopesOf(String name) {
		return this.receiver.metricRequests()
			.stream()
			.flatMap((request) -> request.metrics().getResourceMetricsList().stream())
			.map(ResourceMetrics::getScopeMetricsList)
			.flatMap(List::stream)
			.filter((scope) -> scope.getMetricsList().stream().anyMatch((m) -> m.getName().equals(name)))
			.map(ScopeMetrics::getScope)
			.map((scope) -> scope.getName())
			.toList();
	}

	@Test
	void jvmMetricsComeOnceFromTheRuntimeMetricsAndMicrometerMetersAreBridged() {
		runner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			registry.counter("orders.placed", "channel", "web").increment(3);
			registry.timer("checkout.duration").record(Duration.ofMillis(120));
		});
		assertThat(scopesOf("jvm.memory.used")).containsExactly("io.opentelemetry.runtime-telemetry-java8");
		assertThat(scopesOf("jvm.thread.count")).hasSize(1);
		assertThat(scopesOf("jvm.cpu.time")).hasSize(1);
		assertThat(scopesOf("jvm.class.loaded")).hasSize(1);
		assertThat(scopesOf("jvm.system.cpu.utilization")).hasSize(1);
		// Micrometer's own names for the same things stay out.
		assertThat(scopesOf("jvm.threads.live")).isEmpty();
		assertThat(scopesOf("process.cpu.usage")).isEmpty();
		assertThat(scopesOf("system.cpu.count")).isEmpty();

		assertThat(scopesOf("orders.placed")).containsExactly("io.opentelemetry.micrometer-1.5");
		Metric orders = this.receiver.metrics().stream().filter((m) -> m.getName().equals("orders.placed")).findFirst()
			.get();
		assertThat(orders.getSum().getDataPoints(0).getAsDouble()).isEqualTo(3.0);
		Metric checkout = this.receiver.metrics().stream().filter((m) -> m.getName().equals("checkout.duration"))
			.findFirst()
			.get();
		assertThat(checkout.getUnit()).isEqualTo("s");
	}

	@Test
	void withoutSystemMetricsMicrometersJvmMetersAreTheOnesSent() {
		runner().withPropertyValues("logfire.metrics.system.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(io.opentelemetry.instrumentation.runtimemetrics.java8.RuntimeMetrics.class);
		});
		assertThat(scopesOf("jvm.memory.used")).containsExactly("io.opentelemetry.micrometer-1.5");
		assertThat(scopesOf("jvm.threads.live")).hasSize(1);
	}

	@Test
	void micrometerBridgeOffLeavesBootsRegistriesAlone() {
		runner().withPropertyValues("logfire.metrics.micrometer.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(MeterRegistry.class);
			assertThat(context.getBean(MeterRegistry.class)).isInstanceOf(SimpleMeterRegistry.class);
			context.getBean(MeterRegistry.class).counter("orders.placed").increment();
		});
		assertThat(scopesOf("orders.placed")).isEmpty();
		assertThat(scopesOf("jvm.memory.used")).containsExactly("io.opentelemetry.runtime-telemetry-java8");
	}

}
