package dev.logspring.logfire.http;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import dev.logspring.logfire.testsupport.WebApps;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring WebFlux service: one SERVER span per request, in Logfire's shape, through WebFlux's
 * own observation, continuing the caller's trace and baggage; Boot's metrics unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebFluxServerTracingTest {

	private final RecordingSpanExporter exporter = new RecordingSpanExporter();

	private ConfigurableApplicationContext service;

	private String base;

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Endpoints.class)
	static class ReactiveService {
	}

	@RestController
	static class Endpoints {

		private final Logfire logfire;

		Endpoints(Logfire logfire) {
			this.logfire = logfire;
		}

		@GetMapping("/c/greet/{name}")
		Mono<String> greet(@PathVariable String name) {
			return Mono.fromSupplier(() -> {
				this.logfire.info("reactive greeting {name}", Map.of("name", name));
				return "hello " + name;
			});
		}

		@GetMapping("/c/missing/{id}")
		Mono<String> missing(@PathVariable String id) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id));
		}

		@GetMapping("/c/fail")
		Mono<String> fail() {
			return Mono.error(new IllegalStateException("reactor on fire"));
		}

		@GetMapping("/c/excluded")
		Mono<String> excluded() {
			return Mono.just("ok");
		}

	}

	@BeforeAll
	void start() {
		this.service = WebApps.start(ReactiveService.class, this.exporter, "spring.main.web-application-type=reactive",
				"spring.application.name=service-c", "spring.reactor.context-propagation=auto",
				"logfire.http.server.excluded-urls=/c/excluded$");
		this.base = WebApps.baseUrl(this.service);
	}

	@AfterAll
	void stop() {
		if (this.service != null) {
			this.service.close();
		}
	}

	@Test
	void requestContinuesTheCallersTraceWithItsBaggage() {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		HttpResponse<String> response = WebApps.get(this.base + "/c/greet/ada?page=2&token=t0p", "traceparent",
				"00-" + traceId + "-b7ad6b7169203331-01", "baggage", "user_id=u-7");
		assertThat(response.body()).isEqualTo("hello ada");
		SpanData server = this.exporter.awaitSpan((span) -> span.getKind() == SpanKind.SERVER
				&& span.getTraceId().equals(traceId));
		assertThat(server.getName()).isEqualTo("GET /c/greet/{name}");
		assertThat(server.getParentSpanId()).isEqualTo("b7ad6b7169203331");
		assertThat(attribute(server, "logfire.msg")).isEqualTo("GET /c/greet/ada?page=2&token=REDACTED");
		assertThat(attribute(server, "http.route")).isEqualTo("/c/greet/{name}");
		assertThat(attribute(server, "url.path")).isEqualTo("/c/greet/ada");
		assertThat(attribute(server, "client.address")).isEqualTo("127.0.0.1");
		assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
		assertThat(attribute(server, "user_id")).isEqualTo("u-7");
		assertThat(attribute(server, "uri")).isNull();
		assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		SpanData log = this.exporter.awaitSpan((span) -> span.getName().equals("reactive greeting {name}")
				&& span.getTraceId().equals(traceId));
		assertThat(log.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(attribute(log, "user_id")).isEqualTo("u-7");
		assertThat(this.exporter.spans()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId) && span.getKind() == SpanKind.SERVER)).hasSize(1);
	}

	@Test
	void notFoundIsAWarningAndFailureAnError() {
		assertThat(WebApps.get(this.base + "/c/missing/3").statusCode()).isEqualTo(404);
		assertThat(WebApps.get(this.base + "/c/fail").statusCode()).isEqualTo(500);
		SpanData missing = this.exporter.awaitSpan((span) -> "GET /c/missing/3".equals(attribute(span, "logfire.msg")));
		assertThat(missing.getName()).isEqualTo("GET /c/missing/{id}");
		assertThat(missing.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(13L);
		assertThat(missing.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(AbstractDistributedTracingTest.exceptionTypes(missing))
			.containsExactly("org.springframework.web.server.ResponseStatusException");
		SpanData failed = this.exporter.awaitSpan((span) -> "GET /c/fail".equals(attribute(span, "logfire.msg")));
		assertThat(failed.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(17L);
		assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(AbstractDistributedTracingTest.exceptionTypes(failed)).containsExactly("java.lang.IllegalStateException");
	}

	@Test
	void excludedUrlHasNoSpanButStillCountsInMetrics() {
		WebApps.get(this.base + "/c/excluded");
		WebApps.get(this.base + "/c/greet/after-excluded");
		this.exporter.awaitSpan((span) -> "GET /c/greet/after-excluded".equals(attribute(span, "logfire.msg")));
		assertThat(this.exporter.spans()).noneMatch((span) -> String.valueOf(attribute(span, "logfire.msg"))
			.contains("/c/excluded"));
		MeterRegistry meters = this.service.getBean(MeterRegistry.class);
		await().untilAsserted(() -> {
			Timer timer = meters.find("http.server.requests").tag("uri", "/c/excluded").timer();
			assertThat(timer).isNotNull();
			assertThat(timer.count()).isPositive();
		});
	}

	static String attribute(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

}
