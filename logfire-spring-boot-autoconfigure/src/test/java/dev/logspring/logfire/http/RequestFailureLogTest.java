package dev.logspring.logfire.http;

import java.util.List;

import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import dev.logspring.logfire.testsupport.WebApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a controller throws, Tomcat logs "Servlet.service() ... threw exception" after the
 * request's span has ended. The request's span already carries that exception, so the record is
 * not sent: no second, root-level trace next to the request's. Other records outside any span,
 * with other exceptions, still are. WebFlux writes its report while the request runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFailureLogTest {

	private final OtlpReceiver receiver = new OtlpReceiver();

	private ConfigurableApplicationContext service;

	@BeforeAll
	void start() {
		this.service = WebApps.start(TwoServices.ServiceB.class, new RecordingSpanExporter(),
				"spring.application.name=service-b", "logfire.otlp.endpoint=" + this.receiver.baseUrl());
	}

	@AfterAll
	void stop() {
		this.service.close();
		this.receiver.close();
	}

	@Test
	void theContainersReportOfAFailedRequestIsNotASecondTrace() {
		assertThat(WebApps.get(WebApps.baseUrl(this.service) + "/b/fail").statusCode()).isEqualTo(500);
		// Written after Tomcat's record: once it arrives, Tomcat's would have too.
		LoggerFactory.getLogger("com.example.Nightly").error("nightly export failed",
				new IllegalStateException("disk full"));
		ReceivedSpan unrelated = this.receiver.awaitSpan((span) -> "nightly export failed".equals(span.string("logfire.msg")));
		assertThat(unrelated.parentSpanId()).isEmpty();

		ReceivedSpan request = this.receiver.awaitSpan((span) -> span.name().equals("GET /b/fail"));
		assertThat(request.span().getEventsList()).anySatisfy((event) -> assertThat(event.toString())
			.contains("database on fire"));
		List<ReceivedSpan> mentioningTheFailure = this.receiver.spans()
			.stream()
			.filter((span) -> span.span().toString().contains("database on fire"))
			.toList();
		assertThat(mentioningTheFailure).allSatisfy((span) -> assertThat(span.traceId()).isEqualTo(request.traceId()));
		assertThat(this.receiver.spans()).noneMatch((span) -> span.span().toString().contains("Servlet.service()"));
	}

	/**
	 * WebFlux reports a failed request while the request is still in flight: with Reactor's
	 * context propagation on, its record is a log inside the request's trace.
	 */
	@Test
	void webFluxReportsTheFailureInsideTheRequestsTrace() {
		try (OtlpReceiver reactiveReceiver = new OtlpReceiver();
				ConfigurableApplicationContext reactive = WebApps.start(WebFluxServerTracingTest.ReactiveService.class,
						new RecordingSpanExporter(), "spring.main.web-application-type=reactive",
						"spring.reactor.context-propagation=auto",
						"logfire.otlp.endpoint=" + reactiveReceiver.baseUrl())) {
			assertThat(WebApps.get(WebApps.baseUrl(reactive) + "/c/fail").statusCode()).isEqualTo(500);
			ReceivedSpan request = reactiveReceiver.awaitSpan((span) -> span.name().equals("GET /c/fail"));
			ReceivedSpan report = reactiveReceiver.awaitSpan((span) -> "log".equals(span.string("logfire.span_type"))
					&& span.string("logfire.msg").contains("500 Server Error"));
			assertThat(report.traceId()).isEqualTo(request.traceId());
		}
	}

}
