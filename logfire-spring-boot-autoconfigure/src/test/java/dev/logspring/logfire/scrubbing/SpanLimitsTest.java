package dev.logspring.logfire.scrubbing;

import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit, as the backend receives spans: values cut with a visible marker after scrubbing,
 * counts capped by the SDK and reported in OTLP's dropped counts.
 */
class SpanLimitsTest {

	private static final String MARKER = "...[truncated]";

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	private ApplicationContextRunner runner() {
		return LogfireContextRunners.full()
			.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + this.receiver.baseUrl());
	}

	@Test
	void longValuesAreCutToMaxEventSizeWithAVisibleMarker() {
		runner().withPropertyValues("logfire.max-event-size=100").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			logfire.info("long values", Map.of("note", "n".repeat(1000), "order", Map.of("lines", "l".repeat(1000))));
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
			Span span = tracer.spanBuilder("s".repeat(1000)).startSpan();
			span.addEvent("e".repeat(1000));
			span.setStatus(StatusCode.ERROR, "d".repeat(1000));
			span.end();
		});
		ReceivedSpan log = this.receiver.awaitSpanNamed("long values");
		assertThat(log.string("note")).hasSize(100).isEqualTo("n".repeat(100 - MARKER.length()) + MARKER);
		assertThat(log.string("order")).hasSize(100).startsWith("{\"lines\":\"lll").endsWith(MARKER);
		ReceivedSpan named = this.receiver.awaitSpan((span) -> span.name().startsWith("sss"));
		assertThat(named.name()).hasSize(100).endsWith(MARKER);
		assertThat(named.span().getEvents(0).getName()).hasSize(100).endsWith(MARKER);
		assertThat(named.span().getStatus().getMessage()).hasSize(100).endsWith(MARKER);
	}

	@Test
	void messageValuesAreCutAt128Characters() {
		runner().run((context) -> context.getBean(Logfire.class).info("got {value}", Map.of("value", "v".repeat(300))));
		ReceivedSpan log = this.receiver.awaitSpanNamed("got {value}");
		assertThat(log.string("logfire.msg")).isEqualTo("got " + "v".repeat(127) + "…");
		assertThat(log.string("value")).hasSize(300);
	}

	@Test
	void aSecretStraddlingTheCutIsScrubbedBeforeTheCut() {
		String secret = "q7w8e9r0t1y2u3i4o5p6";
		runner().withPropertyValues("logfire.max-event-size=100", "logfire.scrubbing.extra-patterns[0]=sk-[a-z0-9]{12,}")
			.run((context) -> {
				Span span = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("straddle").startSpan();
				// Each secret starts before the cut (100) and ends after it.
				span.setAttribute("url.full", "https://shop.example.com/?" + "a=b&".repeat(22) + "k=sk-" + secret);
				span.setAttribute("note", "n".repeat(85) + " password=" + secret);
				span.end();
			});
		ReceivedSpan span = this.receiver.awaitSpanNamed("straddle");
		assertThat(span.string("url.full")).hasSize(100).endsWith(MARKER).doesNotContain("sk-q7");
		assertThat(span.string("note")).isEqualTo("[Scrubbed due to 'password']");
	}

	@Test
	void countsAreCappedAndReportedAsDropped() {
		runner()
			.withPropertyValues("logfire.limits.max-attributes=5", "logfire.limits.max-events=3",
					"logfire.limits.max-links=2", "logfire.limits.max-attributes-per-event=2",
					"logfire.limits.max-attributes-per-link=1")
			.run((context) -> {
				SpanContext linked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
						TraceFlags.getSampled(), TraceState.getDefault());
				SpanBuilder builder = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("crowded");
				for (int i = 0; i < 4; i++) {
					builder.addLink(linked, attributes("link", 3));
				}
				Span span = builder.startSpan();
				span.setAllAttributes(attributes("attribute", 20));
				for (int i = 0; i < 10; i++) {
					span.addEvent("event " + i, attributes("field", 5));
				}
				span.end();
			});
		io.opentelemetry.proto.trace.v1.Span span = this.receiver.awaitSpanNamed("crowded").span();
		assertThat(span.getAttributesCount()).isEqualTo(5);
		assertThat(span.getDroppedAttributesCount()).isEqualTo(15);
		assertThat(span.getEventsList()).extracting(Event::getName).containsExactly("event 0", "event 1", "event 2");
		assertThat(span.getDroppedEventsCount()).isEqualTo(7);
		assertThat(span.getEvents(0).getAttributesCount()).isEqualTo(2);
		assertThat(span.getEvents(0).getDroppedAttributesCount()).isEqualTo(3);
		assertThat(span.getLinksCount()).isEqualTo(2);
		assertThat(span.getDroppedLinksCount()).isEqualTo(2);
		assertThat(span.getLinks(0).getAttributesCount()).isEqualTo(1);
		assertThat(span.getLinks(0).getDroppedAttributesCount()).isEqualTo(2);
	}

	@Test
	void arraysAreCutToMaxArrayLength() {
		runner().withPropertyValues("logfire.limits.max-array-length=4").run((context) -> {
			Span span = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("arrays").startSpan();
			span.setAttribute(AttributeKey.stringArrayKey("names"), List.of("a", "b", "c", "d", "e", "f", "g", "h"));
			span.setAttribute(AttributeKey.longArrayKey("ids"), List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L));
			span.end();
		});
		ReceivedSpan span = this.receiver.awaitSpanNamed("arrays");
		assertThat(values(span.attribute("names"))).containsExactly("a", "b", "c", MARKER + " 5 more");
		assertThat(span.attribute("ids").getArrayValue().getValuesList()).extracting(AnyValue::getIntValue)
			.containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void stackTracesHaveTheirOwnLimit() {
		runner().withPropertyValues("logfire.limits.max-stacktrace-length=300", "logfire.max-event-size=64")
			.run((context) -> context.getBean(Logfire.class)
				.exception("failed", new IllegalStateException("m".repeat(200), new RuntimeException("cause"))));
		Event exception = this.receiver.awaitSpanNamed("failed").span().getEvents(0);
		String stackTrace = exception.getAttributesList().stream()
			.filter((kv) -> kv.getKey().equals("exception.stacktrace")).findFirst().orElseThrow()
			.getValue().getStringValue();
		String message = exception.getAttributesList().stream()
			.filter((kv) -> kv.getKey().equals("exception.message")).findFirst().orElseThrow()
			.getValue().getStringValue();
		assertThat(stackTrace).hasSize(300).endsWith(MARKER).startsWith("java.lang.IllegalStateException: mmm");
		assertThat(message).hasSize(64).endsWith(MARKER);
	}

	private static Attributes attributes(String prefix, int count) {
		AttributesBuilder builder = Attributes.builder();
		for (int i = 0; i < count; i++) {
			builder.put(prefix + "." + i, "value " + i);
		}
		return builder.build();
	}

	private static List<String> values(AnyValue array) {
		return array.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList();
	}

}
