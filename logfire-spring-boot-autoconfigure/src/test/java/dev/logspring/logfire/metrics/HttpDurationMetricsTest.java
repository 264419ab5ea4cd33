package dev.logspring.logfire.metrics;

import java.util.List;

import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.semconv.HttpAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP duration histograms carry the bucket boundaries the semantic conventions advise (an
 * exporter with explicit buckets uses them; Logfire's exporter asks for exponential ones), and
 * the auto-configuration's switch and back-off.
 */
class HttpDurationMetricsTest {

	@Test
	void explicitBucketExportersGetTheAdvisedBoundaries() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			SdkMeterProvider meters = SdkMeterProvider.builder()
				.registerMetricReader(PeriodicMetricReader
					.create(OtlpHttpMetricExporter.builder().setEndpoint(receiver.baseUrl() + "/v1/metrics").build()))
				.build();
			try (SdkTracerProvider tracers = SdkTracerProvider.builder()
				.addSpanProcessor(new HttpDurationMetrics(() -> meters))
				.build()) {
				Span span = tracers.get("test").spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).startSpan();
				span.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, "GET");
				span.setAttribute(HttpAttributes.HTTP_ROUTE, "/orders/{id}");
				span.end();
				// An internal span and a span without an HTTP method are not requests.
				tracers.get("test").spanBuilder("work").startSpan().end();
				tracers.get("test").spanBuilder("rpc").setSpanKind(SpanKind.CLIENT).startSpan().end();
			}
			meters.close();
			List<HistogramDataPoint> points = receiver.metrics()
				.stream()
				.filter((metric) -> metric.getName().equals(HttpDurationMetrics.SERVER_DURATION))
				.flatMap((metric) -> metric.getHistogram().getDataPointsList().stream())
				.toList();
			assertThat(points).hasSize(1);
			assertThat(points.get(0).getExplicitBoundsList()).isEqualTo(HttpDurationMetrics.ADVISED_BUCKETS);
			assertThat(points.get(0).getCount()).isEqualTo(1);
			assertThat(receiver.metrics()).noneMatch((metric) -> metric.getName()
				.equals(HttpDurationMetrics.CLIENT_DURATION));
		}
	}

	@Test
	void onByDefaultOffByPropertyAndBacksOffForTheUsersBean() {
		LogfireContextRunners.full()
			.run((context) -> assertThat(context).hasSingleBean(HttpDurationMetrics.class));
		LogfireContextRunners.full()
			.withPropertyValues("logfire.metrics.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpDurationMetrics.class));
		LogfireContextRunners.full()
			.withUserConfiguration(OwnMetrics.class)
			.run((context) -> assertThat(context).getBean(HttpDurationMetrics.class)
				.isSameAs(context.getBean("ownHttpDurationMetrics")));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMetrics {

		@Bean
		HttpDurationMetrics ownHttpDurationMetrics() {
			return new HttpDurationMetrics(() -> SdkMeterProvider.builder().build());
		}

	}

}
