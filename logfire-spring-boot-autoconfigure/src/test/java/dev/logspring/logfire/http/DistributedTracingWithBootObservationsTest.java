package dev.logspring.logfire.http;

import java.util.List;

import dev.logspring.logfire.testsupport.WebApps;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot's observation-based HTTP instrumentation active (actuator and Micrometer
 * Tracing on the classpath, as this starter brings): its spans are enriched rather than
 * doubled, and the {@code http.server.requests} / {@code http.client.requests} metrics stay.
 */
class DistributedTracingWithBootObservationsTest extends AbstractDistributedTracingTest {

	@Override
	String serverSpanScope() {
		return "org.springframework.boot";
	}

	@Override
	String[] variantProperties() {
		return new String[0];
	}

	@Test
	void bootsObservationInstrumentationIsActive() {
		assertThat(this.serviceA.getBean(ObservationRegistry.class).isNoop()).isFalse();
		assertThat(this.serviceA.getBeansOfType(FilterRegistrationBean.class).values())
			.anyMatch((registration) -> registration.getFilter() instanceof ServerHttpObservationFilter);
	}

	/** Neither a bean nor from Boot's builder: our interceptor is not on it, the observation traces it. */
	@Test
	void aClientBuiltByHandIsTracedThroughItsObservation() {
		String name = unique();
		assertThat(WebApps.get(this.a + "/a/relay-unmanaged/" + name).statusCode()).isEqualTo(200);
		SpanData aServer = awaitSpan(
				(span) -> isServer(span, "service-a") && msg(span).equals("GET /a/relay-unmanaged/" + name));
		List<SpanData> trace = awaitTrace(aServer.getTraceId(), 4);
		assertThat(trace).hasSize(4);
		SpanData client = only(trace, (span) -> span.getKind() == SpanKind.CLIENT);
		assertThat(client.getParentSpanId()).isEqualTo(aServer.getSpanId());
		assertThat(only(trace, (span) -> isServer(span, "service-b")).getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(client.getInstrumentationScopeInfo().getName()).isEqualTo("org.springframework.boot");
		assertThat(client.getName()).isEqualTo("GET /b/greet/{name}");
		assertThat(msg(client)).endsWith("/b/greet/" + name);
	}

	@Test
	void httpMetricsKeepTheirNamesAndTags() {
		String name = unique();
		WebApps.get(this.a + "/a/relay/" + name);
		MeterRegistry meters = this.serviceA.getBean(MeterRegistry.class);
		org.awaitility.Awaitility.await().untilAsserted(() -> {
			Timer server = meters.find("http.server.requests").tag("uri", "/a/relay/{name}").tag("method", "GET")
				.tag("status", "200").timer();
			assertThat(server).isNotNull();
			assertThat(server.count()).isPositive();
			Timer client = meters.find("http.client.requests").tag("uri", "/b/greet/{name}").tag("status", "200")
				.timer();
			assertThat(client).isNotNull();
			assertThat(client.count()).isPositive();
		});
	}

	@Test
	void excludedUrlsStillCountInHttpMetrics() {
		WebApps.get(WebApps.baseUrl(this.serviceB) + "/b/excluded");
		MeterRegistry meters = this.serviceB.getBean(MeterRegistry.class);
		org.awaitility.Awaitility.await().untilAsserted(() -> {
			Timer server = meters.find("http.server.requests").tag("uri", "/b/excluded").timer();
			assertThat(server).isNotNull();
			assertThat(server.count()).isPositive();
		});
	}

}
