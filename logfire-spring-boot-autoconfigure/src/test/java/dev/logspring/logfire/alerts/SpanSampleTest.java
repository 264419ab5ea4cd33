package dev.logspring.logfire.alerts;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP server requests are recognised whether the span follows OpenTelemetry's semantic
 * conventions (the starter's HTTP instrumentation) or carries Spring observation tags.
 */
class SpanSampleTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", value = {
			// kind | name | attributes (key=value, numbers as longs with #) | status | server | label | error
			"SERVER|GET /orders/{id}|http.request.method=GET,http.route=/orders/{id},http.response.status_code=#503|UNSET|true|GET /orders/{id}|true",
			"SERVER|GET /orders/{id}|http.request.method=GET,http.route=/orders/{id},http.response.status_code=#404|UNSET|true|GET /orders/{id}|false",
			"SERVER|http get /checkout|method=POST,uri=/checkout,status=500,outcome=SERVER_ERROR|UNSET|true|POST /checkout|true",
			"SERVER|http get /orders|method=GET,uri=/orders,status=200,outcome=SUCCESS|UNSET|true|GET /orders|false",
			"SERVER|http get /orders|method=GET,uri=/orders,status=UNKNOWN,outcome=SERVER_ERROR|UNSET|true|GET /orders|true",
			"SERVER|GET|http.request.method=GET|ERROR|true|GET|true",
			"CLIENT|GET|http.request.method=GET,http.response.status_code=#500|UNSET|false|GET|true",
			"INTERNAL|model training|-|ERROR|false|model training|true" })
	void recognisesRequestsRoutesAndErrors(SpanKind kind, String name, String attributes, StatusCode status,
			boolean server, String label, boolean error) {
		SpanSample sample = SpanSample.of(span(kind, name, (builder) -> {
			if (attributes != null) {
				for (String attribute : attributes.split(",")) {
					String[] pair = attribute.split("=", 2);
					if (pair[1].startsWith("#")) {
						builder.setAttribute(pair[0], Long.parseLong(pair[1].substring(1)));
					}
					else {
						builder.setAttribute(pair[0], pair[1]);
					}
				}
			}
		}, status));
		assertThat(sample.httpServer()).isEqualTo(server);
		assertThat(sample.label()).isEqualTo(label);
		assertThat(sample.error()).isEqualTo(error);
		assertThat(sample.durationMillis()).isEqualTo(250.0);
	}

	private static SpanData span(SpanKind kind, String name, Consumer<SpanBuilder> attributes, StatusCode status) {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build()) {
			SpanBuilder builder = provider.get("test")
				.spanBuilder(name)
				.setSpanKind(kind)
				.setStartTimestamp(1_000, TimeUnit.MILLISECONDS);
			attributes.accept(builder);
			Span span = builder.startSpan();
			span.setStatus(status);
			span.end(1_250, TimeUnit.MILLISECONDS);
		}
		List<SpanData> spans = exporter.spans();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

}
