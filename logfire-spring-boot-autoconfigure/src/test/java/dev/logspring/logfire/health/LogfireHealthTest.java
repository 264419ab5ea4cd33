package dev.logspring.logfire.health;

import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.SdkLine;
import dev.logspring.logfire.testsupport.OtlpReceiver.Response;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code logfire} health contributor as actuator's health endpoint shows it, and the
 * self-metrics as the backend receives them.
 */
class LogfireHealthTest {

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	private ApplicationContextRunner runner() {
		return LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class))
			.withPropertyValues("logfire.token=pylf_v1_us_healthsecret", "logfire.base-url=" + this.receiver.baseUrl());
	}

	private static IndicatedHealthDescriptor logfireHealth(AssertableApplicationContext context) {
		return (IndicatedHealthDescriptor) context.getBean(HealthEndpoint.class).healthForPath("logfire");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> destination(IndicatedHealthDescriptor health, String name) {
		return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("spans")).get(name);
	}

	@Test
	void failingBackendDegradesTelemetryButNotTheApplication() {
		this.receiver.respondWith((request) -> Response.status(503));
		runner().run((context) -> {
			context.getBean(Logfire.class).info("lost in the outage");
			await().until(() -> logfireHealth(context).getStatus().getCode().equals("DEGRADED"));
			IndicatedHealthDescriptor health = logfireHealth(context);
			// SDK 1.55's own sender does not say which status the backend answered.
			String reason = SdkLine.reportsHttpStatus() ? "HTTP 503" : "the backend answered with an error status";
			assertThat(health.getStatus().getDescription()).isEqualTo("Export failing: spans to logfire-1: " + reason);
			Map<String, Object> logfire1 = destination(health, "logfire-1");
			assertThat(logfire1).containsEntry("state", "failing")
				.containsEntry("lastFailureReason", reason)
				.containsEntry("queued", 1)
				.containsEntry("exported", 0L)
				.containsKey("nextRetry")
				.doesNotContainKey("lastSuccess");
			assertThat(health.getDetails().toString()).doesNotContain("healthsecret");
			// The default aggregation leaves an unknown status out: beside "ping", the application stays UP.
			CompositeHealthDescriptor overall = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class).health();
			assertThat(overall.getComponents()).containsKeys("ping", "logfire");
			assertThat(overall.getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void healthyExportIsUpWithCounts() {
		runner().run((context) -> {
			for (int i = 0; i < 5; i++) {
				context.getBean(Logfire.class).info("fine {i}", Map.of("i", i));
			}
			await().until(() -> destination(logfireHealth(context), "logfire-1").get("exported").equals(5L));
			IndicatedHealthDescriptor health = logfireHealth(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(destination(health, "logfire-1")).containsEntry("state", "ok")
				.containsEntry("dropped", 0L)
				.containsEntry("queueFill", "0%")
				.containsKey("lastSuccess");
		});
	}

	@Test
	void batchProcessorDropsAreCounted() {
		runner().withPropertyValues("logfire.export.max-queue-size=16", "logfire.export.batch-size=16",
				"logfire.export.schedule-delay=10s")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				for (int i = 0; i < 5000; i++) {
					logfire.info("flood");
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> processor = (Map<String, Object>) ((Map<String, Object>) logfireHealth(context)
					.getDetails()
					.get("spans")).get("batchProcessor");
				assertThat((Long) processor.get("dropped")).isPositive();
			});
	}

	@Test
	void selfMetricsReachTheBackendWithTheRest() {
		runner().withPropertyValues("logfire.metrics.export-interval=1h").run((context) -> {
			for (int i = 0; i < 7; i++) {
				context.getBean(Logfire.class).info("counted");
			}
			// Counted once the exporting thread has the backend's answer, before the context closes.
			await().until(() -> context.getBean(LogfireSpanPipeline.class).consumers().get(0).stats()
				.exportedSpans() == 7);
		});
		List<Metric> metrics = this.receiver.metrics();
		Metric spans = metrics.stream().filter((m) -> m.getName().equals("logfire.export.spans")).findFirst().get();
		NumberDataPoint exported = spans.getSum()
			.getDataPointsList()
			.stream()
			.filter((point) -> point.getAttributesList().stream()
				.anyMatch((kv) -> kv.getKey().equals("outcome") && kv.getValue().getStringValue().equals("exported")))
			.findFirst()
			.get();
		assertThat(exported.getAsInt()).isEqualTo(7);
		assertThat(metrics).extracting("name")
			.contains("logfire.export.failures", "logfire.export.queue.size", "logfire.processor.spans.dropped",
					"logfire.processor.queue.size");
	}

}
