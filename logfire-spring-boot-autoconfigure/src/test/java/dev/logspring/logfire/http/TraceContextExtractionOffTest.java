package dev.logspring.logfire.http;

import java.net.http.HttpResponse;

import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import dev.logspring.logfire.testsupport.WebApps;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An internet-facing service ({@code logfire.http.server.extract-trace-context=false}) ignores
 * the caller's trace and baggage, with Boot's observations and without.
 */
class TraceContextExtractionOffTest {

	@ParameterizedTest
	@ValueSource(strings = { "management.observations.enable.http=true", "management.observations.enable.http=false" })
	void incomingTraceAndBaggageAreIgnored(String variant) {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		try (ConfigurableApplicationContext service = WebApps.start(TwoServices.ServiceB.class, exporter,
				"logfire.http.server.extract-trace-context=false", variant)) {
			String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
			HttpResponse<String> response = WebApps.get(WebApps.baseUrl(service) + "/b/greet/mallory", "traceparent",
					"00-" + traceId + "-00f067aa0ba902b7-01", "baggage", "user_id=admin");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"user_id\":\"null\"");
			SpanData server = exporter.awaitSpan((span) -> span.getKind() == SpanKind.SERVER);
			SpanData log = exporter.awaitSpanNamed("greeting {name}");
			assertThat(server.getTraceId()).isNotEqualTo(traceId);
			assertThat(server.getParentSpanContext().isValid()).isFalse();
			assertThat(log.getParentSpanId()).isEqualTo(server.getSpanId());
			assertThat(server.getAttributes().get(AttributeKey.stringKey("user_id"))).isNull();
			assertThat(log.getAttributes().get(AttributeKey.stringKey("user_id"))).isNull();
		}
	}

}
