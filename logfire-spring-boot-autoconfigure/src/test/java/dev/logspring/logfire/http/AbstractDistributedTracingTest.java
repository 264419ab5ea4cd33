package dev.logspring.logfire.http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import dev.logspring.logfire.testsupport.WebApps;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real services on random ports, A calling B through Spring's HTTP clients: one trace
 * across both, the right parents, baggage carried over, and exactly one SERVER span per
 * request and one CLIENT span per call. Subclasses run the same checks with and without Spring
 * Boot's observation-based HTTP instrumentation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDistributedTracingTest {

	static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	final RecordingSpanExporter exporter = new RecordingSpanExporter();

	ConfigurableApplicationContext serviceB;

	ConfigurableApplicationContext serviceA;

	String a;

	/** Properties that select the variant of Boot's instrumentation under test. */
	abstract String[] variantProperties();

	/**
	 * The instrumentation scope of the SERVER spans: Boot's (an observation's, enriched) or ours
	 * (created). CLIENT spans of the clients the starter instruments are ours in every variant:
	 * its interceptor traces them, and the observation keeps only its metrics.
	 */
	abstract String serverSpanScope();

	@BeforeAll
	void startServices() {
		this.serviceB = WebApps.start(TwoServices.ServiceB.class, this.exporter,
				with("spring.application.name=service-b",
						"logfire.http.server.excluded-urls=/actuator/health,/b/excluded$",
						"logfire.http.server.capture-request-headers=x-request-id,authorization,cookie",
						"logfire.http.server.capture-response-headers=content-type"));
		this.serviceA = WebApps.start(TwoServices.ServiceA.class, this.exporter, with("spring.application.name=service-a",
				"service-b.url=" + WebApps.baseUrl(this.serviceB),
				"logfire.http.client.capture-response-headers=content-type"));
		this.a = WebApps.baseUrl(this.serviceA);
	}

	private String[] with(String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.addAll(List.of(variantProperties()));
		return all.toArray(String[]::new);
	}

	@AfterAll
	void stopServices() {
		if (this.serviceA != null) {
			this.serviceA.close();
		}
		if (this.serviceB != null) {
			this.serviceB.close();
		}
	}

	@Test
	void oneTraceAcrossBothServicesWithOneSpanPerHopAndBaggage() {
		String name = unique();
		HttpResponse<String> response = WebApps.get(this.a + "/a/relay/" + name);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("hello " + name).contains("\"user_id\":\"u-42\"");

		SpanData aServer = awaitSpan((span) -> isServer(span, "service-a") && msg(span).equals("GET /a/relay/" + name));
		List<SpanData> trace = awaitTrace(aServer.getTraceId(), 4);
		SpanData aClient = only(trace, (span) -> span.getKind() == SpanKind.CLIENT);
		SpanData bServer = only(trace, (span) -> isServer(span, "service-b"));
		SpanData bLog = only(trace, (span) -> span.getName().equals("greeting {name}"));
		assertThat(trace).hasSize(4);
		assertThat(List.of(aServer, bServer))
			.allMatch((span) -> span.getInstrumentationScopeInfo().getName().equals(serverSpanScope()));
		assertThat(aClient.getInstrumentationScopeInfo().getName()).isEqualTo(Logfire.INSTRUMENTATION_NAME);

		assertThat(aServer.getParentSpanContext().isValid()).isFalse();
		assertThat(aClient.getParentSpanId()).isEqualTo(aServer.getSpanId());
		assertThat(bServer.getParentSpanId()).isEqualTo(aClient.getSpanId());
		assertThat(bLog.getParentSpanId()).isEqualTo(bServer.getSpanId());

		assertThat(aServer.getName()).isEqualTo("GET /a/relay/{name}");
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/a/relay/{name}");
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("http.request.method"))).isEqualTo("GET");
		assertThat(aServer.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/a/relay/" + name);
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("url.scheme"))).isEqualTo("http");
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("client.address"))).isEqualTo("127.0.0.1");
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("user_agent.original"))).contains("Java");
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("logfire.span_type"))).isEqualTo("span");
		assertThat(aServer.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isNull();
		assertThat(aServer.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		// Spring's metric tags are not repeated on spans (http.url would even carry secrets).
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("outcome"))).isNull();
		assertThat(aClient.getAttributes().get(AttributeKey.stringKey("http.url"))).isNull();

		assertThat(aClient.getName()).isEqualTo("GET /b/greet/{name}");
		assertThat(msg(aClient)).isEqualTo("GET 127.0.0.1:" + WebApps.port(this.serviceB) + "/b/greet/" + name);
		assertThat(aClient.getAttributes().get(AttributeKey.stringKey("url.full")))
			.isEqualTo(WebApps.baseUrl(this.serviceB) + "/b/greet/" + name);
		assertThat(aClient.getAttributes().get(AttributeKey.stringKey("url.template"))).isEqualTo("/b/greet/{name}");
		assertThat(aClient.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
		assertThat(aClient.getAttributes().get(AttributeKey.longKey("server.port")))
			.isEqualTo((long) WebApps.port(this.serviceB));
		assertThat(aClient.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.content-type")))
			.singleElement()
			.asString()
			.startsWith("application/json");

		assertThat(bServer.getName()).isEqualTo("GET /b/greet/{name}");
		assertThat(msg(bServer)).isEqualTo("GET /b/greet/" + name);
		// The baggage set in A's handler is on A's client span and, over HTTP, on B's spans.
		assertThat(aClient.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("u-42");
		assertThat(bServer.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("u-42");
		assertThat(bLog.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("u-42");
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("user_id"))).isNull();
	}

	@Test
	void everyKindOfSpringClientGetsExactlyOneClientSpan() {
		for (String path : List.of("/a/relay-template/", "/a/relay-plain/", "/a/relay-plain-template/",
				"/a/relay-webclient/", "/a/relay-plain-webclient/")) {
			String name = unique();
			assertThat(WebApps.get(this.a + path + name).statusCode()).isEqualTo(200);
			SpanData aServer = awaitSpan((span) -> isServer(span, "service-a") && msg(span).equals("GET " + path + name));
			List<SpanData> trace = awaitTrace(aServer.getTraceId(), 4);
			assertThat(trace).as(path).hasSize(4);
			SpanData client = only(trace, (span) -> span.getKind() == SpanKind.CLIENT);
			SpanData bServer = only(trace, (span) -> isServer(span, "service-b"));
			assertThat(client.getParentSpanId()).isEqualTo(aServer.getSpanId());
			assertThat(bServer.getParentSpanId()).isEqualTo(client.getSpanId());
			assertThat(msg(client)).endsWith("/b/greet/" + name);
			assertThat(client.getName()).as(path).isIn("GET", "GET /b/greet/{name}");
			assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
		}
	}

	@Test
	void asyncRequestHasOneSpanCoveringTheAsyncWork() {
		String name = unique();
		HttpResponse<String> response = WebApps.get(WebApps.baseUrl(this.serviceB) + "/b/async/" + name);
		assertThat(response.body()).isEqualTo("done " + name);
		SpanData server = awaitSpan((span) -> isServer(span, "service-b") && msg(span).equals("GET /b/async/" + name));
		List<SpanData> trace = awaitTrace(server.getTraceId(), 2);
		assertThat(trace).hasSize(2);
		SpanData log = only(trace, (span) -> span.getName().equals("async handler {name}"));
		assertThat(log.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(server.getName()).isEqualTo("GET /b/async/{name}");
		assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
		assertThat(server.getEndEpochNanos()).isGreaterThanOrEqualTo(log.getEndEpochNanos());
	}

	@Test
	void malformedTraceparentStartsANewTraceAndTheRequestSucceeds() {
		String name = unique();
		HttpResponse<String> response = WebApps.get(this.a + "/a/relay/" + name, "traceparent",
				"00-not-a-trace-id-at-all-01", "tracestate", "%%%", "baggage", "===;;;");
		assertThat(response.statusCode()).isEqualTo(200);
		SpanData aServer = awaitSpan((span) -> isServer(span, "service-a") && msg(span).equals("GET /a/relay/" + name));
		assertThat(aServer.getParentSpanContext().isValid()).isFalse();
		assertThat(awaitTrace(aServer.getTraceId(), 4)).hasSize(4);
	}

	@Test
	void validTraceparentIsContinued() {
		String name = unique();
		String traceId = UUID.randomUUID().toString().replace("-", "");
		WebApps.get(this.a + "/a/relay/" + name, "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01", "baggage",
				"tenant=acme");
		SpanData aServer = awaitSpan((span) -> isServer(span, "service-a") && msg(span).equals("GET /a/relay/" + name));
		assertThat(aServer.getTraceId()).isEqualTo(traceId);
		assertThat(aServer.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(aServer.getParentSpanContext().isRemote()).isTrue();
		assertThat(aServer.getAttributes().get(AttributeKey.stringKey("tenant"))).isEqualTo("acme");
	}

	@Test
	void excludedUrlsProduceNoSpanNorSpansOfTheirWork() {
		String b = WebApps.baseUrl(this.serviceB);
		assertThat(WebApps.get(b + "/b/excluded").statusCode()).isEqualTo(200);
		assertThat(WebApps.get(b + "/actuator/health").statusCode()).isEqualTo(200);
		// A request after them is recorded: once its span is exported, theirs would have been too.
		String name = unique();
		WebApps.get(b + "/b/greet/" + name);
		awaitSpan((span) -> isServer(span, "service-b") && msg(span).equals("GET /b/greet/" + name));
		assertThat(this.exporter.spans()).noneMatch((span) -> msg(span).contains("/b/excluded")
				|| msg(span).contains("/actuator/health") || span.getName().equals("work inside an excluded request"));
	}

	@Test
	void headersAreCapturedOnlyWhereConfiguredAndCredentialsNeverInClear() {
		String name = unique();
		WebApps.get(WebApps.baseUrl(this.serviceB) + "/b/greet/" + name, "X-Request-Id", "req-" + name,
				"Authorization", "Bearer very-secret-token", "Cookie", "SESSION=abc123");
		SpanData bServer = awaitSpan((span) -> isServer(span, "service-b") && msg(span).equals("GET /b/greet/" + name));
		assertThat(bServer.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.x-request-id")))
			.containsExactly("req-" + name);
		assertThat(bServer.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.authorization")))
			.containsExactly("[Scrubbed due to 'auth']");
		assertThat(bServer.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.cookie")))
			.containsExactly("[Scrubbed due to 'cookie']");
		assertThat(bServer.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.content-type")))
			.singleElement()
			.asString()
			.startsWith("application/json");
		assertThat(bServer.getAttributes().asMap().toString()).doesNotContain("very-secret-token", "abc123");

		// A captures nothing (the default).
		String other = unique();
		WebApps.get(this.a + "/a/relay/" + other, "X-Request-Id", "req-" + other);
		SpanData aServer = awaitSpan((span) -> isServer(span, "service-a") && msg(span).equals("GET /a/relay/" + other));
		assertThat(aServer.getAttributes().asMap().keySet())
			.noneMatch((key) -> key.getKey().startsWith("http.request.header."));
	}

	@Test
	void serverErrorIsAnErrorWithTheException() {
		assertThat(WebApps.get(WebApps.baseUrl(this.serviceB) + "/b/fail").statusCode()).isEqualTo(500);
		SpanData span = awaitSpan((s) -> isServer(s, "service-b") && msg(s).equals("GET /b/fail"));
		assertThat(span.getName()).isEqualTo("GET /b/fail");
		assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(500L);
		assertThat(span.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(17L);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(exceptionTypes(span)).containsExactly(IllegalStateException.class.getName());
		assertThat(span.getStatus().getDescription()).isEqualTo("IllegalStateException: database on fire");
		assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.escaped"))).isEqualTo("True");
	}

	@Test
	void notFoundIsAWarningWithTheHandledExceptionRecorded() {
		assertThat(WebApps.get(WebApps.baseUrl(this.serviceB) + "/b/missing/12").statusCode()).isEqualTo(404);
		SpanData span = awaitSpan((s) -> isServer(s, "service-b") && msg(s).equals("GET /b/missing/12"));
		assertThat(span.getName()).isEqualTo("GET /b/missing/{id}");
		assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(404L);
		assertThat(span.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(13L);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
		assertThat(exceptionTypes(span)).containsExactly("org.springframework.web.server.ResponseStatusException");
	}

	@Test
	void exceptionHandledByExceptionHandlerIsRecorded() {
		assertThat(WebApps.get(WebApps.baseUrl(this.serviceB) + "/b/conflict").statusCode()).isEqualTo(409);
		SpanData span = awaitSpan((s) -> isServer(s, "service-b") && msg(s).equals("GET /b/conflict"));
		assertThat(span.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(13L);
		assertThat(exceptionTypes(span)).containsExactly(TwoServices.OrderConflictException.class.getCanonicalName());
		EventData event = span.getEvents().get(0);
		assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
			.isEqualTo("order 7 is already paid");
	}

	@Test
	void unmatchedPathKeepsALowCardinalityName() {
		assertThat(WebApps.get(WebApps.baseUrl(this.serviceB) + "/no/such/page").statusCode()).isEqualTo(404);
		SpanData span = awaitSpan((s) -> isServer(s, "service-b") && msg(s).equals("GET /no/such/page"));
		// Boot's static-resource handler answers the 404: its route is "/**", never the raw path.
		assertThat(span.getName()).isEqualTo("GET /**");
		assertThat(span.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(13L);
	}

	@Test
	void clientCallAnsweredWith404IsAClientError() {
		assertThat(WebApps.get(this.a + "/a/missing").statusCode()).isEqualTo(404);
		SpanData aServer = awaitSpan((s) -> isServer(s, "service-a") && msg(s).equals("GET /a/missing"));
		SpanData client = only(awaitTrace(aServer.getTraceId(), 3), (s) -> s.getKind() == SpanKind.CLIENT);
		assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(404L);
		assertThat(client.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(17L);
		assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void connectionRefusedIsAClientErrorWithTheFailure() {
		int port = WebApps.closedPort();
		assertThat(WebApps.get(this.a + "/a/unreachable/" + port).statusCode()).isEqualTo(502);
		SpanData client = awaitSpan((s) -> s.getKind() == SpanKind.CLIENT && msg(s).equals("GET 127.0.0.1:" + port + "/nothing"));
		assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isNull();
		assertThat(client.getAttributes().get(AttributeKey.longKey("logfire.level_num"))).isEqualTo(17L);
		assertThat(client.getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
		assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(client.getEvents()).anyMatch((event) -> event.getName().equals("exception"));
	}

	@Test
	void secretQueryValuesAreRedactedOnBothSides() {
		WebApps.get(this.a + "/a/secret");
		SpanData client = awaitSpan((s) -> s.getKind() == SpanKind.CLIENT && msg(s).endsWith("/b/greet/s"));
		// Redacted where the span is made; the scrubbing stage may then put its own marker there.
		String redacted = "api_key=(REDACTED|\\[Scrubbed due to 'api_key'\\])&page=2";
		assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full")))
			.matches(java.util.regex.Pattern.quote(WebApps.baseUrl(this.serviceB) + "/b/greet/s?") + redacted);
		SpanData bServer = only(awaitTrace(client.getTraceId(), 4), (s) -> isServer(s, "service-b"));
		assertThat(bServer.getAttributes().get(AttributeKey.stringKey("url.query"))).matches(redacted);
		assertThat(msg(bServer)).matches("GET /b/greet/s\\?" + redacted);
		assertThat(this.exporter.spans().toString()).doesNotContain("s3cr3t-value");
	}

	// ---- helpers

	static String unique() {
		return "u" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String msg(SpanData span) {
		String message = span.getAttributes().get(AttributeKey.stringKey("logfire.msg"));
		return (message != null) ? message : "";
	}

	static boolean isServer(SpanData span, String service) {
		return span.getKind() == SpanKind.SERVER && service.equals(span.getResource().getAttribute(SERVICE_NAME));
	}

	static List<String> exceptionTypes(SpanData span) {
		return span.getEvents()
			.stream()
			.filter((event) -> event.getName().equals("exception"))
			.map((event) -> event.getAttributes().get(AttributeKey.stringKey("exception.type")))
			.toList();
	}

	SpanData awaitSpan(Predicate<SpanData> condition) {
		return this.exporter.awaitSpan(condition);
	}

	/** Waits until the trace has at least {@code count} spans, then a little more for strays. */
	List<SpanData> awaitTrace(String traceId, int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> spansOf(traceId).size() >= count);
		await().pollDelay(Duration.ofMillis(300)).until(() -> true);
		return spansOf(traceId);
	}

	private List<SpanData> spansOf(String traceId) {
		return this.exporter.spans().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	static SpanData only(List<SpanData> spans, Predicate<SpanData> condition) {
		List<SpanData> matching = spans.stream().filter(condition).toList();
		assertThat(matching).as("exactly one matching span in %s", spans).hasSize(1);
		return matching.get(0);
	}

}
