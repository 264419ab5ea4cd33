package dev.logspring.logfire.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.metrics.HttpDurationMetrics;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import dev.logspring.logfire.testsupport.WebApps;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * OpenTelemetry's HTTP duration metrics, on by default, decoded at an OTLP receiver: one point
 * per request, timed by its span (the histogram's sum is the span's duration to the nanosecond),
 * for Spring MVC and WebFlux servers and RestClient, RestTemplate and WebClient calls; Boot's
 * {@code http.server.requests} stays as it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpMetricsTest {

	private final OtlpReceiver receiverA = new OtlpReceiver();

	private final OtlpReceiver receiverB = new OtlpReceiver();

	private final OtlpReceiver receiverC = new OtlpReceiver();

	private final RecordingSpanExporter exporter = new RecordingSpanExporter();

	private ConfigurableApplicationContext serviceA;

	private ConfigurableApplicationContext serviceB;

	private ConfigurableApplicationContext serviceC;

	@BeforeAll
	void start() {
		this.serviceB = WebApps.start(TwoServices.ServiceB.class, this.exporter, "spring.application.name=service-b",
				"logfire.otlp.endpoint=" + this.receiverB.baseUrl(), "logfire.metrics.export-interval=300ms");
		this.serviceA = WebApps.start(TwoServices.ServiceA.class, this.exporter, "spring.application.name=service-a",
				"service-b.url=" + WebApps.baseUrl(this.serviceB), "logfire.otlp.endpoint=" + this.receiverA.baseUrl(),
				"logfire.metrics.export-interval=300ms");
		this.serviceC = WebApps.start(WebFluxServerTracingTest.ReactiveService.class, this.exporter,
				"spring.main.web-application-type=reactive", "spring.application.name=service-c",
				"logfire.otlp.endpoint=" + this.receiverC.baseUrl(), "logfire.metrics.export-interval=300ms");
	}

	@AfterAll
	void stop() {
		for (ConfigurableApplicationContext context : List.of(this.serviceA, this.serviceB, this.serviceC)) {
			context.close();
		}
		this.receiverA.close();
		this.receiverB.close();
		this.receiverC.close();
	}

	@Test
	void serverAndClientDurationsComeFromTheSpans() {
		String a = WebApps.baseUrl(this.serviceA);
		for (String path : List.of("/a/relay/ada", "/a/relay-template/ada", "/a/relay-webclient/ada")) {
			assertThat(WebApps.get(a + path).statusCode()).isEqualTo(200);
		}
		assertThat(WebApps.get(WebApps.baseUrl(this.serviceB) + "/b/fail").statusCode()).isEqualTo(500);
		assertThat(WebApps.get(WebApps.baseUrl(this.serviceC) + "/c/greet/ada").statusCode()).isEqualTo(200);

		// Spring MVC server, with the route, the scheme, the status.
		ExponentialHistogramDataPoint relay = awaitPoint(this.receiverA, "http.server.request.duration",
				Map.of("http.request.method", "GET", "http.route", "/a/relay/{name}", "url.scheme", "http",
						"http.response.status_code", 200L, "network.protocol.version", "1.1"));
		assertThat(relay.getCount()).isEqualTo(1);
		ReceivedSpan relaySpan = this.receiverA.awaitSpan((span) -> span.name().equals("GET /a/relay/{name}"));
		assertThat(relay.getSum()).isCloseTo(seconds(relaySpan), within(1e-9));

		// RestClient, RestTemplate and WebClient calls to B: same attributes, one point each.
		String portB = String.valueOf(WebApps.port(this.serviceB));
		ExponentialHistogramDataPoint calls = awaitPoint(this.receiverA, "http.client.request.duration",
				Map.of("http.request.method", "GET", "server.address", "127.0.0.1", "server.port", Long.valueOf(portB),
						"url.scheme", "http", "http.response.status_code", 200L),
				(point) -> point.getCount() == 3);
		List<ReceivedSpan> clientSpans = this.receiverA.spans()
			.stream()
			.filter((span) -> span.span().getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT)
			.toList();
		assertThat(clientSpans).hasSize(3);
		assertThat(calls.getSum())
			.isCloseTo(clientSpans.stream().mapToDouble(HttpMetricsTest::seconds).sum(), within(1e-9));

		// A failed request carries error.type, as the span does.
		ExponentialHistogramDataPoint failed = awaitPoint(this.receiverB, "http.server.request.duration",
				Map.of("http.route", "/b/fail", "http.response.status_code", 500L, "error.type",
						"java.lang.IllegalStateException"));
		assertThat(failed.getCount()).isEqualTo(1);

		// WebFlux.
		ExponentialHistogramDataPoint reactive = awaitPoint(this.receiverC, "http.server.request.duration",
				Map.of("http.request.method", "GET", "http.route", "/c/greet/{name}", "http.response.status_code",
						200L));
		assertThat(reactive.getCount()).isEqualTo(1);
		ReceivedSpan reactiveSpan = this.receiverC.awaitSpan((span) -> span.name().equals("GET /c/greet/{name}"));
		assertThat(reactive.getSum()).isCloseTo(seconds(reactiveSpan), within(1e-9));
		Metric metric = this.receiverC.metrics()
			.stream()
			.filter((m) -> m.getName().equals("http.server.request.duration"))
			.findFirst()
			.orElseThrow();
		assertThat(metric.getUnit()).isEqualTo("s");

		// Boot's Micrometer timer is still there for actuator.
		MeterRegistry registry = this.serviceA.getBean(MeterRegistry.class);
		assertThat(registry.find("http.server.requests").tag("uri", "/a/relay/{name}").timer()).isNotNull();
	}

	private static double seconds(ReceivedSpan span) {
		return (span.span().getEndTimeUnixNano() - span.span().getStartTimeUnixNano()) / 1e9;
	}

	private static ExponentialHistogramDataPoint awaitPoint(OtlpReceiver receiver, String metric,
			Map<String, Object> attributes) {
		return awaitPoint(receiver, metric, attributes, (point) -> true);
	}

	/** The points of {@code metric} whose attributes include {@code attributes}, merged over the delta exports. */
	private static ExponentialHistogramDataPoint awaitPoint(OtlpReceiver receiver, String metric,
			Map<String, Object> attributes, java.util.function.Predicate<ExponentialHistogramDataPoint> until) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> {
			ExponentialHistogramDataPoint.Builder merged = null;
			for (Metric received : receiver.metrics()) {
				if (!received.getName().equals(metric)) {
					continue;
				}
				for (ExponentialHistogramDataPoint point : received.getExponentialHistogram().getDataPointsList()) {
					if (includes(point.getAttributesList(), attributes)) {
						merged = (merged == null) ? point.toBuilder()
								: merged.setCount(merged.getCount() + point.getCount())
									.setSum(merged.getSum() + point.getSum());
					}
				}
			}
			return (merged != null) ? merged.build() : null;
		}, (point) -> point != null && until.test(point));
	}

	private static boolean includes(List<KeyValue> actual, Map<String, Object> expected) {
		return expected.entrySet().stream().allMatch((entry) -> actual.stream().anyMatch((kv) -> kv.getKey()
			.equals(entry.getKey())
				&& ((entry.getValue() instanceof Long number) ? kv.getValue().getIntValue() == number
						: kv.getValue().getStringValue().equals(entry.getValue()))));
	}

}
