package dev.logspring.logfire.http;

import java.net.http.HttpResponse;

import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import dev.logspring.logfire.testsupport.WebApps;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An internet-facing service ({@code logfire.http.server.extract-trace-context=false}) ignores
 * the caller's trace and baggage: Spring MVC with Boot's observations and without, and WebFlux.
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

	/**
	 * WebFlux: in its own test class run, since closing a Reactor Netty server releases the
	 * shared event loops of any other one running in the JVM.
	 */
	@Test
	void webFluxIgnoresTheCallersTrace() {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		try (ConfigurableApplicationContext service = WebApps.start(WebFluxServerTracingTest.ReactiveService.class,
				exporter, "spring.main.web-application-type=reactive",
				"logfire.http.server.extract-trace-context=false")) {
			String traceId = "1af7651916cd43dd8448eb211c80319c";
			WebApps.get(WebApps.baseUrl(service) + "/c/greet/eve", "traceparent",
					"00-" + traceId + "-b7ad6b7169203331-01", "baggage", "user_id=admin");
			SpanData server = exporter.awaitSpan((span) -> span.getKind() == SpanKind.SERVER);
			assertThat(server.getTraceId()).isNotEqualTo(traceId);
			assertThat(server.getParentSpanContext().isValid()).isFalse();
			assertThat(server.getAttributes().get(AttributeKey.stringKey("user_id"))).isNull();
		}
	}

}
