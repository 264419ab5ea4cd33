package dev.logspring.sample.users;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import dev.logspring.sample.SampleApplication;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 2 end to end: the demo runner exercises the real user API at startup, and an OTLP
 * backend receives one SERVER span per request with Logfire's names, messages and levels, the
 * nested span and the structured log, and a sign-up's trace crossing over HTTP to the
 * notification service with its baggage. The application keeps serving afterwards.
 */
class UsersApiTraceTest {

	@Test
	void demoRequestsAreTracedAndTheApiKeepsServing() throws Exception {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			HttpResponse<String> list;
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
				.properties("logfire.otlp.endpoint=" + receiver.baseUrl(), "logfire.console.enabled=false",
						"logfire.export.schedule-delay=50ms", "demo.pipeline.enabled=false", "demo.llm.enabled=false")
				// An argument, not a default property: application.yml's server.port would win over it.
				.run("--server.port=0")) {
				String port = context.getEnvironment().getProperty("local.server.port");
				list = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/users")).build(),
							HttpResponse.BodyHandlers.ofString());
			}
			assertThat(list.statusCode()).isEqualTo(200);
			assertThat(list.body()).contains("alice@example.com").contains("bob@example.com");

			List<ReceivedSpan> signUps = servers(receiver, "POST /users", 3);
			assertThat(signUps).extracting((span) -> span.longValue("http.response.status_code"))
				.containsExactlyInAnyOrder(201L, 201L, 400L);
			ReceivedSpan refused = signUps.stream()
				.filter((span) -> span.longValue("http.response.status_code") == 400L)
				.findFirst()
				.orElseThrow();
			assertThat(refused.longValue("logfire.level_num")).isEqualTo(13L);
			assertThat(refused.span().getEventsList()).anySatisfy((event) -> assertThat(event.toString())
				.contains(EmailAlreadyRegisteredException.class.getCanonicalName()));

			ReceivedSpan alice = signUps.stream()
				.filter((span) -> span.longValue("http.response.status_code") == 201L)
				.filter((span) -> childNamed(receiver, span, "user registered {email}").string("email")
					.equals("alice@example.com"))
				.findFirst()
				.orElseThrow();
			assertThat(alice.string("logfire.msg")).isEqualTo("POST /users");
			assertThat(childNamed(receiver, alice, "checking that {email} is free").string("logfire.msg"))
				.isEqualTo("checking that alice@example.com is free");
			ReceivedSpan call = childNamed(receiver, alice, "POST /notifications/welcome");
			assertThat(call.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
			assertThat(call.string("url.full")).endsWith("/notifications/welcome");
			ReceivedSpan notification = childNamed(receiver, call, "POST /notifications/welcome");
			assertThat(notification.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
			assertThat(notification.traceId()).isEqualTo(alice.traceId());
			ReceivedSpan queued = childNamed(receiver, notification, "welcome e-mail queued for {email}");
			assertThat(queued.string("email")).isEqualTo("alice@example.com");
			// The baggage set around the call reached the other side.
			assertThat(queued.string("user_id")).isNotBlank();
			assertThat(notification.string("user_id")).isEqualTo(queued.string("user_id"));

			ReceivedSpan found = servers(receiver, "GET /users/{email}", 2).stream()
				.filter((span) -> span.string("logfire.msg").equals("GET /users/alice@example.com"))
				.findFirst()
				.orElseThrow();
			assertThat(found.longValue("http.response.status_code")).isEqualTo(200L);
			ReceivedSpan missing = servers(receiver, "GET /users/{email}", 2).stream()
				.filter((span) -> span.string("logfire.msg").equals("GET /users/nobody@example.com"))
				.findFirst()
				.orElseThrow();
			assertThat(missing.longValue("http.response.status_code")).isEqualTo(404L);
			assertThat(missing.longValue("logfire.level_num")).isEqualTo(13L);
			assertThat(missing.span().getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
			// The demo's GET /users and the test's.
			assertThat(servers(receiver, "GET /users", 2)).allMatch((span) -> span.string("http.route").equals("/users"));
		}
	}

	/** Waits for {@code count} SERVER spans named {@code name}, and checks there are no more. */
	private static List<ReceivedSpan> servers(OtlpReceiver receiver, String name, int count) {
		receiver.awaitSpan((span) -> serversNamed(receiver, name).size() >= count);
		List<ReceivedSpan> spans = serversNamed(receiver, name);
		assertThat(spans).hasSize(count);
		return spans;
	}

	private static List<ReceivedSpan> serversNamed(OtlpReceiver receiver, String name) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER && span.name().equals(name))
			.toList();
	}

	private static ReceivedSpan childNamed(OtlpReceiver receiver, ReceivedSpan parent, String name) {
		return receiver.awaitSpan((span) -> span.name().equals(name) && span.parentSpanId().equals(parent.spanId()));
	}

}
