package dev.logspring.logfire.propagation;

import java.util.HashMap;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scoped baggage copied onto every span started inside, with Logfire's conflict and length
 * rules, and the manual propagation API for clients the starter does not instrument.
 */
class BaggageAndManualPropagationTest {

	private final ApplicationContextRunner runner = LogfireContextRunners.full()
		.withBean(RecordingSpanExporter.class, RecordingSpanExporter::new);

	@Test
	void everySpanStartedInsideTheScopeGetsTheEntries() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			try (Scope scope = logfire.baggage(Map.of("order_id", "o-7", "user_id", 42))) {
				try (LogfireSpan span = logfire.span("checkout")) {
					logfire.info("charged");
				}
			}
			logfire.info("after the scope");
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			for (String name : new String[] { "checkout", "charged" }) {
				SpanData span = exporter.awaitSpanNamed(name);
				assertThat(span.getAttributes().get(AttributeKey.stringKey("order_id"))).isEqualTo("o-7");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("42");
			}
			assertThat(exporter.awaitSpanNamed("after the scope").getAttributes().get(AttributeKey.stringKey("order_id")))
				.isNull();
			assertThat(Baggage.current().isEmpty()).isTrue();
		});
	}

	@Test
	void aClashingAttributeKeepsItsValueAndTheBaggageGoesToBaggageConflict() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			try (Scope scope = logfire.baggage(Map.of("user_id", "from-baggage", "tenant", "acme"))) {
				logfire.info("clash {user_id}", Map.of("user_id", "from-span", "tenant", "acme"));
				logfire.info("typed clash", Map.of("user_id", 7));
			}
			RecordingSpanExporter exporter = context.getBean(RecordingSpanExporter.class);
			SpanData clash = exporter.awaitSpanNamed("clash {user_id}");
			assertThat(clash.getAttributes().get(AttributeKey.stringKey("user_id"))).isEqualTo("from-span");
			assertThat(clash.getAttributes().get(AttributeKey.stringKey("baggage_conflict.user_id")))
				.isEqualTo("from-baggage");
			// Same value: no conflict.
			assertThat(clash.getAttributes().get(AttributeKey.stringKey("baggage_conflict.tenant"))).isNull();
			SpanData typed = exporter.awaitSpanNamed("typed clash");
			assertThat(typed.getAttributes().get(AttributeKey.longKey("user_id"))).isEqualTo(7L);
			assertThat(typed.getAttributes().get(AttributeKey.stringKey("baggage_conflict.user_id")))
				.isEqualTo("from-baggage");
		});
	}

	@Test
	void valuesAreCutAtAThousandCharacters() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			String longValue = "x".repeat(1500);
			try (Scope scope = logfire.baggage(Map.of("note", longValue))) {
				assertThat(Baggage.current().getEntryValue("note")).hasSize(1000);
			}
			// Baggage that arrives from elsewhere (another service) is cut when copied.
			try (Scope scope = Baggage.builder().put("remote_note", longValue).build().makeCurrent()) {
				logfire.info("long baggage");
			}
			SpanData span = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("long baggage");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("remote_note"))).hasSize(1000);
		});
	}

	@Test
	void injectedContextContinuesTheTraceInAnotherApplication() {
		Map<String, String> headers = new HashMap<>();
		String[] ids = new String[2];
		this.runner.withPropertyValues("spring.application.name=sender").run((sender) -> {
			Logfire logfire = sender.getBean(Logfire.class);
			try (LogfireSpan span = logfire.span("publish order");
					Scope scope = logfire.baggage(Map.of("order_id", "o-9"))) {
				logfire.injectContext(headers);
				ids[0] = span.getSpan().getSpanContext().getTraceId();
				ids[1] = span.getSpan().getSpanContext().getSpanId();
			}
		});
		assertThat(headers).containsKey("traceparent").containsKey("baggage");
		assertThat(headers.get("traceparent")).contains(ids[0]).contains(ids[1]);
		assertThat(headers.get("baggage")).contains("order_id=o-9");

		Map<String, String> received = new HashMap<>();
		headers.forEach((key, value) -> received.put(key.toUpperCase(), value));
		this.runner.withPropertyValues("spring.application.name=receiver").run((receiver) -> {
			Logfire logfire = receiver.getBean(Logfire.class);
			try (Scope scope = logfire.attachContext(received)) {
				logfire.info("order received");
			}
			SpanData span = receiver.getBean(RecordingSpanExporter.class).awaitSpanNamed("order received");
			assertThat(span.getTraceId()).isEqualTo(ids[0]);
			assertThat(span.getParentSpanId()).isEqualTo(ids[1]);
			assertThat(span.getParentSpanContext().isRemote()).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("order_id"))).isEqualTo("o-9");
		});
	}

	@Test
	void extractingAnEmptyOrBrokenCarrierChangesNothing() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			Map<String, String> broken = Map.of("traceparent", "garbage", "baggage", ";;=");
			try (Scope scope = logfire.attachContext(broken)) {
				logfire.info("fresh trace");
			}
			SpanData span = context.getBean(RecordingSpanExporter.class).awaitSpanNamed("fresh trace");
			assertThat(span.getParentSpanContext().isValid()).isFalse();
		});
	}

}
