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
 * with other exceptions, still are.
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

}
