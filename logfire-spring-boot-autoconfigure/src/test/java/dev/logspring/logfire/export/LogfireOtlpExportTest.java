package dev.logspring.logfire.export;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches a real OTLP receiver when a token is set: path, headers, gzip, resource and
 * Logfire's attributes, decoded with the official protobuf classes.
 */
class LogfireOtlpExportTest {

	private static final String TOKEN = "pylf_v1_eu_testtoken0123456789";

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void spansAndLogsReachTheBackendInLogfireShape() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
					"logfire.service-name=orders", "logfire.service-version=1.2.3", "logfire.environment=staging",
					"logfire.resource-attributes.team=payments")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				try (LogfireSpan span = logfire.span("data loading {file}", Map.of("file", "users.csv"))) {
					logfire.info("loaded data, {rows} rows", Map.of("rows", 150));
				}
			});
		// Closing the context flushed the queue: everything is there without waiting.
		ReceivedSpan span = this.receiver.awaitSpanNamed("data loading {file}");
		ReceivedSpan log = this.receiver.awaitSpanNamed("loaded data, {rows} rows");

		assertThat(span.string("logfire.span_type")).isEqualTo("span");
		assertThat(span.string("logfire.msg_template")).isEqualTo("data loading {file}");
		assertThat(span.string("logfire.msg")).isEqualTo("data loading users.csv");
		assertThat(span.string("file")).isEqualTo("users.csv");

		assertThat(log.string("logfire.span_type")).isEqualTo("log");
		assertThat(log.string("logfire.msg")).isEqualTo("loaded data, 150 rows");
		assertThat(log.longValue("logfire.level_num")).isEqualTo(9L);
		assertThat(log.longValue("rows")).isEqualTo(150L);
		assertThat(log.span().getStartTimeUnixNano()).isEqualTo(log.span().getEndTimeUnixNano());
		assertThat(log.parentSpanId()).isEqualTo(span.spanId());
		assertThat(log.traceId()).isEqualTo(span.traceId());

		assertThat(span.resourceString("service.name")).isEqualTo("orders");
		assertThat(span.resourceString("service.version")).isEqualTo("1.2.3");
		assertThat(span.resourceString("deployment.environment.name")).isEqualTo("staging");
		assertThat(span.resourceString("team")).isEqualTo("payments");
		assertThat(span.resourceString("service.instance.id")).isNotBlank();
		assertThat(span.resourceString("telemetry.sdk.language")).isEqualTo("java");
		assertThat(span.resourceString("host.name")).isNotBlank();
		assertThat(span.resourceString("os.type")).isNotBlank();
		assertThat(span.resourceString("process.runtime.name")).isNotBlank();
		assertThat(span.resource().stream().anyMatch((kv) -> kv.getKey().equals("process.pid"))).isTrue();

		OtlpReceiver.Request request = this.receiver.traceRequests().get(0);
		assertThat(request.path()).isEqualTo("/v1/traces");
		assertThat(request.header("Authorization")).isEqualTo(TOKEN);
		assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
		assertThat(request.header("User-Agent")).startsWith("logfire-spring-boot-starter/");
		assertThat(request.rawBody()).isNotEqualTo(request.body());
	}

	@Test
	void compressionNoneSendsPlainProtobufToEveryDestination() throws Exception {
		try (OtlpReceiver collector = new OtlpReceiver()) {
			LogfireContextRunners.full()
				.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
						"logfire.otlp.endpoint=" + collector.baseUrl(), "logfire.export.compression=none",
						"logfire.metrics.export-interval=1h")
				.run((context) -> {
					Logfire logfire = context.getBean(Logfire.class);
					logfire.info("uncompressed {n}", Map.of("n", 1));
					logfire.counter("plain_requests").record(1);
				});
			for (OtlpReceiver backend : new OtlpReceiver[] { this.receiver, collector }) {
				OtlpReceiver.Request traces = backend.traceRequests().get(0);
				assertThat(traces.header("Content-Encoding")).isNull();
				// The body as sent decodes as protobuf, with no gzip step in between.
				assertThat(ExportTraceServiceRequest.parseFrom(traces.rawBody())
					.getResourceSpans(0)
					.getScopeSpansList()
					.stream()
					.flatMap((scope) -> scope.getSpansList().stream())
					.map(Span::getName)).contains("uncompressed {n}");
				OtlpReceiver.Request metrics = backend.metricRequests().get(0);
				assertThat(metrics.header("Content-Encoding")).isNull();
				assertThat(ExportMetricsServiceRequest.parseFrom(metrics.rawBody())
					.getResourceMetrics(0)
					.getScopeMetricsList()
					.stream()
					.flatMap((scope) -> scope.getMetricsList().stream())
					.map(Metric::getName)).contains("plain_requests");
			}
		}
	}

	@Test
	void metricsUseLogfireTemporalityAndReachTheMetricsPath() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
					"logfire.metrics.export-interval=1h")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				logfire.metric("payment_amount", 42.5, Map.of("currency", "USD"));
				logfire.counter("payments").record(1, Map.of("payment_method", "card"));
				logfire.gauge("model_accuracy").record(0.93);
				logfire.upDownCounter("active_jobs").record(3);
			});
		// The export interval is an hour: only the shutdown flush can have delivered these.
		var metrics = this.receiver.metrics();
		assertThat(metrics).extracting("name")
			.contains("payment_amount", "payments", "model_accuracy", "active_jobs");
		var histogram = metrics.stream().filter((m) -> m.getName().equals("payment_amount")).findFirst().get();
		assertThat(histogram.hasExponentialHistogram()).isTrue();
		assertThat(histogram.getExponentialHistogram().getAggregationTemporalityValue()).isEqualTo(1); // delta
		assertThat(histogram.getExponentialHistogram().getDataPoints(0).getAttributesList())
			.anyMatch((kv) -> kv.getKey().equals("currency") && kv.getValue().getStringValue().equals("USD"));
		var counter = metrics.stream().filter((m) -> m.getName().equals("payments")).findFirst().get();
		assertThat(counter.getSum().getAggregationTemporalityValue()).isEqualTo(1); // delta
		var upDown = metrics.stream().filter((m) -> m.getName().equals("active_jobs")).findFirst().get();
		assertThat(upDown.getSum().getAggregationTemporalityValue()).isEqualTo(2); // cumulative
		assertThat(this.receiver.metricRequests().get(0).header("Authorization")).isEqualTo(TOKEN);
	}

	@Test
	void metricAttributesAreTypedAsSpanAttributes() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
					"logfire.metrics.export-interval=1h")
			.run((context) -> context.getBean(Logfire.class)
				.counter("orders")
				.record(1, Map.of("amount", new BigDecimal("12.50"), "items", 3, "express", true)));
		var counter = this.receiver.metrics().stream().filter((m) -> m.getName().equals("orders")).findFirst().get();
		Map<String, AnyValue> attributes = counter.getSum()
			.getDataPoints(0)
			.getAttributesList()
			.stream()
			.collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
		// A BigDecimal is exact JSON text, never cut to a whole number.
		assertThat(attributes.get("amount").getStringValue()).isEqualTo("\"12.50\"");
		assertThat(attributes.get("items").getIntValue()).isEqualTo(3);
		assertThat(attributes.get("express").getBoolValue()).isTrue();
	}

	@Test
	void eachTokenGetsItsOwnExporterAndTheOtlpEndpointAnother() {
		try (OtlpReceiver collector = new OtlpReceiver()) {
			LogfireContextRunners.full()
				.withPropertyValues("logfire.token=pylf_v1_us_first, pylf_v1_us_second",
						"logfire.base-url=" + this.receiver.baseUrl(), "logfire.otlp.endpoint=" + collector.baseUrl(),
						"logfire.otlp.headers.x-team=payments")
				.run((context) -> context.getBean(Logfire.class).info("hello"));
			assertThat(this.receiver.traceRequests()).extracting((r) -> r.header("Authorization"))
				.containsExactlyInAnyOrder("pylf_v1_us_first", "pylf_v1_us_second");
			assertThat(collector.awaitSpanNamed("hello")).isNotNull();
			assertThat(collector.traceRequests().get(0).header("x-team")).isEqualTo("payments");
			assertThat(collector.traceRequests().get(0).header("Authorization")).isNull();
		}
	}

	@Test
	void nothingIsSentWithoutTokenOrEndpoint() {
		LogfireContextRunners.full().run((context) -> {
			assertThat(context.getBean(LogfireDestinations.class).isEmpty()).isTrue();
			context.getBean(Logfire.class).info("hello");
		});
		assertThat(this.receiver.requestCount()).isZero();
	}

	@Test
	void sendToLogfireFalseKeepsTheTokenUnused() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
					"logfire.send-to-logfire=false")
			.run((context) -> context.getBean(Logfire.class).info("hello"));
		assertThat(this.receiver.requestCount()).isZero();
	}

}
