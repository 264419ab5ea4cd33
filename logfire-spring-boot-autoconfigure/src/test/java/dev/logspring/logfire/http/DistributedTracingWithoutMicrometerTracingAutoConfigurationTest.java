package dev.logspring.logfire.http;

import dev.logspring.logfire.testsupport.WebApps;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boot's HTTP observations without Micrometer Tracing's auto-configuration (so without its
 * generic tracing handlers): our HTTP tracing handlers alone give the observations their spans,
 * beside Boot's metrics.
 */
class DistributedTracingWithoutMicrometerTracingAutoConfigurationTest extends AbstractDistributedTracingTest {

	@Override
	String serverSpanScope() {
		return "org.springframework.boot";
	}

	@Override
	String[] variantProperties() {
		return new String[] { "spring.autoconfigure.exclude="
				+ "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration" };
	}

	@Test
	void httpMetricsStillWork() {
		WebApps.get(this.a + "/a/relay/" + unique());
		MeterRegistry meters = this.serviceA.getBean(MeterRegistry.class);
		await().untilAsserted(() -> {
			Timer server = meters.find("http.server.requests").tag("uri", "/a/relay/{name}").timer();
			assertThat(server).isNotNull();
			assertThat(server.count()).isPositive();
		});
	}

}
