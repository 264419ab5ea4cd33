package dev.logspring.logfire.traced;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TracedTest {

	private final ApplicationContextRunner runner = LogfireContextRunners.full().withUserConfiguration(Config.class);

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

		@Bean
		Pipeline pipeline() {
			return new Pipeline();
		}

		@Bean
		WholeClass wholeClass() {
			return new WholeClass();
		}

	}

	public record User(String name, int age) {
	}

	/** Its toString throws, as some user objects' do. */
	public static class Hostile {

		@Override
		public String toString() {
			throw new IllegalStateException("boom");
		}

		public String getValue() {
			throw new IllegalStateException("no serialisation either");
		}

	}

	/** Refers to itself, so a naive serialiser would never stop. */
	public static class Node {

		public String name = "node";

		public Node next = this;

	}

	public static class Pipeline {

		@Traced
		public int load(String file, int limit) {
			return limit;
		}

		@Traced(value = "cleaning {file}", tags = { "etl" }, level = Level.DEBUG, recordReturn = true)
		public List<String> clean(String file, User owner) {
			return List.of("a", "b");
		}

		@Traced(exclude = "password")
		public void login(String user, String password) {
		}

		@Traced
		public void fail() {
			throw new IllegalArgumentException("bad input");
		}

		@Traced
		public String risky(Hostile hostile, Node node, String huge) {
			return "ran";
		}

		@Traced(spanName = "async work")
		public CompletableFuture<String> async(CompletableFuture<String> result) {
			return result;
		}

		@Traced(spanName = "mono work")
		public Mono<String> mono(boolean fail) {
			return fail ? Mono.error(new IllegalStateException("mono failed")) : Mono.just("done");
		}

		@Traced(spanName = "flux work")
		public Flux<Integer> flux() {
			return Flux.just(1, 2, 3);
		}

		@Traced(spanName = "linked", newTrace = true)
		public void background() {
		}

		@Traced(spanName = "too quiet", level = Level.TRACE)
		public void quiet() {
		}

	}

	@Traced
	public static class WholeClass {

		public String first() {
			return "1";
		}

		public String second() {
			return "2";
		}

	}

	private static String attr(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	@Test
	void recordsTheCallWithArgumentsByName() {
		this.runner.run((context) -> {
			context.getBean(Pipeline.class).load("users.csv", 10);
			SpanData span = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("Calling Pipeline.load");
			assertThat(span.getAttributes().get(LogfireAttributes.MSG)).isEqualTo("Calling Pipeline.load");
			assertThat(span.getAttributes().get(LogfireAttributes.MSG_TEMPLATE)).isEqualTo("Calling Pipeline.load");
			assertThat(span.getAttributes().get(LogfireAttributes.SPAN_TYPE)).isEqualTo("span");
			assertThat(attr(span, "file")).isEqualTo("users.csv");
			assertThat(span.getAttributes().get(AttributeKey.longKey("limit"))).isEqualTo(10L);
			assertThat(span.getAttributes().get(LogfireAttributes.CODE_FUNCTION)).isEqualTo("load");
			assertThat(span.getAttributes().get(LogfireAttributes.CODE_NAMESPACE)).isEqualTo(Pipeline.class.getName());
		});
	}

	@Test
	void templateTagsLevelObjectsAsJsonAndReturnValue() {
		this.runner.run((context) -> {
			context.getBean(Pipeline.class).clean("users.csv", new User("alice", 30));
			SpanData span = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("cleaning {file}");
			assertThat(span.getAttributes().get(LogfireAttributes.MSG)).isEqualTo("cleaning users.csv");
			assertThat(span.getAttributes().get(LogfireAttributes.TAGS)).containsExactly("etl");
			assertThat(span.getAttributes().get(LogfireAttributes.LEVEL_NUM)).isEqualTo(5L);
			assertThat(attr(span, "owner")).isEqualTo("{\"name\":\"alice\",\"age\":30}");
			assertThat(attr(span, "return")).isEqualTo("[\"a\",\"b\"]");
			assertThat(span.getAttributes().get(LogfireAttributes.JSON_SCHEMA)).contains("\"owner\":{\"type\":\"object\"")
				.contains("\"title\":\"User\"")
				.contains("\"return\":{\"type\":\"array\"}");
		});
	}

	@Test
	void excludedArgumentsAreNotRecorded() {
		this.runner.run((context) -> {
			context.getBean(Pipeline.class).login("alice", "hunter2");
			SpanData span = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("Calling Pipeline.login");
			assertThat(attr(span, "user")).isEqualTo("alice");
			assertThat(span.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
				.doesNotContain("password");
		});
	}

	@Test
	void exceptionsAreRecordedAsLogfireDoesAndStillReachTheCaller() {
		this.runner.run((context) -> {
			assertThatThrownBy(() -> context.getBean(Pipeline.class).fail()).isInstanceOf(IllegalArgumentException.class)
				.hasMessage("bad input");
			SpanData span = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("Calling Pipeline.fail");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getStatus().getDescription()).isEqualTo("IllegalArgumentException: bad input");
			assertThat(span.getAttributes().get(LogfireAttributes.LEVEL_NUM)).isEqualTo(17L);
			assertThat(span.getEvents()).singleElement().satisfies((event) -> {
				assertThat(event.getName()).isEqualTo("exception");
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
					.isEqualTo(IllegalArgumentException.class.getName());
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("bad input");
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace"))).contains("fail");
				assertThat(event.getAttributes().get(LogfireAttributes.EXCEPTION_ESCAPED)).isEqualTo("True");
			});
		});
	}

	@Test
	void hostileCyclicAndHugeArgumentsNeverBreakTheCall() {
		this.runner.run((context) -> {
			String huge = "x".repeat(1_000_000);
			String result = context.getBean(Pipeline.class).risky(new Hostile(), new Node(), huge);
			assertThat(result).isEqualTo("ran");
			SpanData span = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("Calling Pipeline.risky");
			assertThat(attr(span, "hostile")).contains("unserializable");
			assertThat(attr(span, "node").length()).isLessThan(5000);
			assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		});
	}

	@Test
	void asyncResultsKeepTheSpanOpenUntilTheyComplete() {
		this.runner.run((context) -> {
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			CompletableFuture<String> pending = new CompletableFuture<>();
			CompletableFuture<String> returned = context.getBean(Pipeline.class).async(pending);
			assertThat(returned).isSameAs(pending);
			// The span stays open for as long as the result is pending.
			await().during(Duration.ofMillis(200))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(exporter.spans())
					.noneMatch((span) -> span.getName().equals("async work")));
			pending.completeExceptionally(new IllegalStateException("late failure"));
			SpanData span = exporter.awaitSpanNamed("async work");
			assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isGreaterThan(150_000_000L);
			assertThat(span.getStatus().getDescription()).isEqualTo("IllegalStateException: late failure");
		});
	}

	@Test
	void reactiveResultsEndTheSpanOnTermination() {
		this.runner.run((context) -> {
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			Pipeline pipeline = context.getBean(Pipeline.class);
			assertThat(pipeline.mono(false).block()).isEqualTo("done");
			assertThatThrownBy(() -> pipeline.mono(true).block()).hasMessageContaining("mono failed");
			assertThat(pipeline.flux().collectList().block()).containsExactly(1, 2, 3);
			assertThat(exporter.awaitSpanNamed("flux work").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			exporter.awaitSpan((span) -> span.getName().equals("mono work")
					&& span.getStatus().getStatusCode() == StatusCode.ERROR);
			exporter.awaitSpan((span) -> span.getName().equals("mono work")
					&& span.getStatus().getStatusCode() == StatusCode.UNSET);
		});
	}

	@Test
	void newTraceStartsATraceLinkedToTheCurrentSpan() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			String parentTrace;
			try (LogfireSpan parent = logfire.span("parent")) {
				parentTrace = parent.getSpan().getSpanContext().getTraceId();
				context.getBean(Pipeline.class).background();
			}
			SpanData linked = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("linked");
			assertThat(linked.getTraceId()).isNotEqualTo(parentTrace);
			assertThat(linked.getParentSpanContext().isValid()).isFalse();
			assertThat(linked.getLinks()).singleElement()
				.satisfies((link) -> assertThat(link.getSpanContext().getTraceId()).isEqualTo(parentTrace));
		});
	}

	@Test
	void classLevelAnnotationTracesEveryPublicMethod() {
		this.runner.run((context) -> {
			WholeClass bean = context.getBean(WholeClass.class);
			bean.first();
			bean.second();
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			exporter.awaitSpanNamed("Calling WholeClass.first");
			exporter.awaitSpanNamed("Calling WholeClass.second");
		});
	}

	@Test
	void levelsBelowTheMinimumCreateNoSpan() {
		this.runner.withPropertyValues("logfire.min-level=debug").run((context) -> {
			Pipeline pipeline = context.getBean(Pipeline.class);
			pipeline.quiet();
			pipeline.load("marker", 1);
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			exporter.awaitSpanNamed("Calling Pipeline.load");
			assertThat(exporter.spans()).noneMatch((span) -> span.getName().equals("too quiet"));
			context.getBean(Logfire.class).trace("trace log");
			context.getBean(Logfire.class).debug("debug log", Map.of());
			exporter.awaitSpanNamed("debug log");
			assertThat(exporter.spans()).noneMatch((span) -> span.getName().equals("trace log"));
		});
	}

}
