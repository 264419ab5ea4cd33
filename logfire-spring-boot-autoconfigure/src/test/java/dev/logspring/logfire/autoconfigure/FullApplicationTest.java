package dev.logspring.logfire.autoconfigure;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application with every auto-configuration on the test classpath, Spring Boot's
 * {@code spring-boot-starter-opentelemetry} included: one SDK, each span exactly once, and a
 * graceful stop delivers a burst queued just before it even with an hour-long export delay.
 */
class FullApplicationTest {

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Steps steps(ObservationRegistry registry) {
			return new Steps(registry);
		}

	}

	static class Steps {

		private final ObservationRegistry registry;

		Steps(ObservationRegistry registry) {
			this.registry = registry;
		}

		@Traced("step {n}")
		public void step(int n) {
			Observation.createNotStarted("observed.step", this.registry).observe(() -> {
			});
		}

	}

	@Test
	void bootsOpenTelemetryStarterBesideOursGivesOneSdkAndEachSpanOnce() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
				.web(WebApplicationType.NONE)
				.properties("logfire.otlp.endpoint=" + receiver.baseUrl(), "logfire.console.enabled=false",
						// Only a graceful stop can deliver within the test: nothing is due before.
						"logfire.export.schedule-delay=1h", "logfire.export.max-queue-size=10000",
						"logfire.export.batch-size=10000", "management.otlp.metrics.export.enabled=false")
				.run()) {
				assertThat(context.getBeansOfType(OpenTelemetry.class)).hasSize(1);
				assertThat(context.getBeansOfType(SdkTracerProvider.class)).hasSize(1);
				Steps steps = context.getBean(Steps.class);
				Logfire logfire = context.getBean(Logfire.class);
				for (int i = 0; i < 1000; i++) {
					steps.step(i);
					logfire.info("log {n}", Map.of("n", i));
				}
				assertThat(receiver.requestCount()).isZero();
			}
			// Records logged while the application starts (Hikari's, Boot's) arrive as logs too.
			var spans = receiver.spans().stream().filter((span) -> span.attribute("logger.name") == null).toList();
			assertThat(spans).hasSize(3000);
			assertThat(spans.stream().filter((span) -> span.name().equals("observed.step"))).hasSize(1000);
			assertThat(spans.stream().map((span) -> span.spanId()).distinct()).hasSize(3000);
		}
	}

}
