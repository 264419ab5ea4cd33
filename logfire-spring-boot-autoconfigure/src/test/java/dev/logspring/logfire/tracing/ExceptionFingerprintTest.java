package dev.logspring.logfire.tracing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
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

	@Test
	void canonicalTextIsLaidOutAsPythonLaysItOut() throws Exception {
		IllegalStateException cause = new IllegalStateException("no row");
		cause.setStackTrace(new StackTraceElement[] { frame("com.shop.Repository", "find", 12) });
		RuntimeException exception = new RuntimeException("lookup failed " + System.nanoTime(), cause);
		exception.setStackTrace(new StackTraceElement[] { frame("com.shop.Service", "load", 40),
				frame("com.shop.Service", "load", 41), frame("com.shop.Service$$Lambda/0x000001f0010a3c40", "apply", 0),
				frame("jdk.proxy2.$Proxy45", "load", 0), frame("com.shop.Controller", "get", 7) });
		String expected = "\njava.lang.RuntimeException\n----" + "\ncom.shop.Service.load\n   "
				+ "\ncom.shop.Service$$Lambda.apply\n   " + "\njdk.proxy2.$Proxy.load\n   "
				+ "\ncom.shop.Controller.get\n   " + "\n\n__cause__:\n" + "\njava.lang.IllegalStateException\n----"
				+ "\ncom.shop.Repository.find\n   ";
		assertThat(ExceptionFingerprint.canonical(exception)).isEqualTo(expected);
		String sha256 = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8)));
		assertThat(ExceptionFingerprint.of(exception)).isEqualTo(sha256);
	}

	@Test
	void deepRecursionIsCutAsPythonCutsARecursionError() {
		StackOverflowError overflow = new StackOverflowError();
		StackTraceElement[] frames = new StackTraceElement[300];
		for (int i = 0; i < frames.length; i++) {
			frames[i] = frame("com.shop.Tree", (i % 2 == 0) ? "walk" : "visit", i);
		}
		overflow.setStackTrace(frames);
		assertThat(ExceptionFingerprint.canonical(overflow)).isEqualTo("\njava.lang.StackOverflowError\n----"
				+ "\ncom.shop.Tree.walk\n   " + "\ncom.shop.Tree.visit\n   " + "\n\n<recursion detected>");
	}

	private static StackTraceElement frame(String type, String method, int line) {
		return new StackTraceElement(type, method, "Source.java", line);
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
