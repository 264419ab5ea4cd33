package dev.logspring.logfire.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logfire.exception.fingerprint} and {@code exception.escaped} as Logfire's Python SDK
 * sends them, read from the OTLP bytes Logfire's endpoint receives.
 */
class ExceptionFingerprintTest {

	private static final String FINGERPRINT = "logfire.exception.fingerprint";

	static IllegalStateException failWith(String message) {
		return new IllegalStateException(message);
	}

	static IllegalStateException failElsewhere(String message) {
		return new IllegalStateException(message);
	}

	@Test
	void sameTypeAndStackShareAFingerprintWhateverTheMessage() throws Exception {
		List<ReceivedSpan> spans = export((logfire) -> {
			for (String order : List.of("order 1", "order 2")) {
				try (LogfireSpan span = logfire.span("checkout " + order)) {
					span.recordException(failWith("card declined for " + order));
				}
			}
			try (LogfireSpan span = logfire.span("checkout elsewhere")) {
				span.recordException(failElsewhere("card declined"));
			}
			try (LogfireSpan span = logfire.span("checkout typed")) {
				span.recordException(new IllegalArgumentException("card declined"));
			}
		});
		String first = span(spans, "checkout order 1").string(FINGERPRINT);
		assertThat(first).matches("[0-9a-f]{64}");
		assertThat(span(spans, "checkout order 2").string(FINGERPRINT)).isEqualTo(first);
		assertThat(span(spans, "checkout elsewhere").string(FINGERPRINT)).isNotEqualTo(first);
		assertThat(span(spans, "checkout typed").string(FINGERPRINT)).isNotEqualTo(first);
		Event event = span(spans, "checkout order 1").span().getEvents(0);
		assertThat(event.getName()).isEqualTo("exception");
		assertThat(attribute(event, "exception.escaped")).isEqualTo("True");
	}

	@Test
	void onlyWhereLogfireOpensAnIssue() throws Exception {
		List<ReceivedSpan> spans = export((logfire) -> {
			try (LogfireSpan request = logfire.span("request")) {
				try (LogfireSpan child = logfire.span("child")) {
					child.recordException(failWith("inner"));
				}
				logfire.exception("logged inside a span", failWith("inside"));
			}
			logfire.exception("logged at the root", failWith("root"));
			logfire.log(dev.logspring.logfire.api.Level.WARN, "warned at the root", java.util.Map.of(),
					failWith("warned"));
		});
		// A span with a parent in this process and a log under a span: no issue.
		assertThat(span(spans, "child").string(FINGERPRINT)).isNull();
		assertThat(span(spans, "logged inside a span").string(FINGERPRINT)).isNull();
		// A warning is not an issue.
		assertThat(span(spans, "warned at the root").string(FINGERPRINT)).isNull();
		ReceivedSpan logged = span(spans, "logged at the root");
		assertThat(logged.string(FINGERPRINT)).matches("[0-9a-f]{64}");
		// A logged exception did not escape.
		assertThat(attribute(logged.span().getEvents(0), "exception.escaped")).isEqualTo("False");
		assertThat(attribute(span(spans, "warned at the root").span().getEvents(0), "exception.escaped"))
			.isEqualTo("False");
	}

	private static List<ReceivedSpan> export(Consumer<Logfire> work) {
		return SpanParityTest.export((context) -> work.accept(context.getBean(Logfire.class)));
	}

	static ReceivedSpan span(List<ReceivedSpan> spans, String name) {
		return spans.stream()
			.filter((span) -> name.equals(span.string("logfire.msg")) || name.equals(span.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(ReceivedSpan::name).toList()));
	}

	static String attribute(Event event, String key) {
		return event.getAttributesList()
			.stream()
			.filter((kv) -> kv.getKey().equals(key))
			.map((kv) -> kv.getValue().getStringValue())
			.findFirst()
			.orElse(null);
	}

}
