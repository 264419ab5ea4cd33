package dev.logspring.logfire.pending;

import java.time.Duration;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pending spans as Logfire's endpoint receives them: a copy of a span still running, built as
 * Logfire's SDKs build it, scrubbed like every span; none for short spans; none for consumers
 * other than Logfire's exporters.
 */
class PendingSpansTest {

	private static final String SPAN_TYPE = "logfire.span_type";

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

	}

	private static ApplicationContextRunner runner(OtlpReceiver receiver, String threshold) {
		return LogfireContextRunners.full()
			.withUserConfiguration(Config.class)
			.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + receiver.baseUrl(),
					"logfire.pending-spans.threshold=" + threshold);
	}

	@Test
	void aSpanStillRunningAfterTheThresholdShowsBeforeItEnds() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			runner(receiver, "100ms").run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				try (LogfireSpan job = logfire.span("nightly job")) {
					String jobId = job.getSpan().getSpanContext().getSpanId();
					try (LogfireSpan step = logfire.span("training step {epoch}", Map.of("epoch", 3, "password", "hunter2"))) {
						SpanContext real = step.getSpan().getSpanContext();
						// Seen while the step still runs.
						ReceivedSpan pending = receiver
							.awaitPendingSpan((span) -> span.name().equals("training step {epoch}"));
						assertThat(pending.string(SPAN_TYPE)).isEqualTo("pending_span");
						assertThat(pending.traceId()).isEqualTo(real.getTraceId());
						assertThat(pending.spanId()).isNotEqualTo(real.getSpanId());
						assertThat(pending.parentSpanId()).isEqualTo(real.getSpanId());
						assertThat(pending.string("logfire.pending_parent_id")).isEqualTo(jobId);
						assertThat(pending.string("logfire.msg")).isEqualTo("training step 3");
						assertThat(pending.longValue("epoch")).isEqualTo(3L);
						assertThat(pending.span().getEndTimeUnixNano()).isEqualTo(pending.span().getStartTimeUnixNano());
						// Through the same sanitizer as every span.
						assertThat(pending.string("password")).doesNotContain("hunter2");
						assertThat(pending.string("logfire.scrubbed")).contains("password");
						// The root gets its copy too, with no parent.
						ReceivedSpan root = receiver.awaitPendingSpan((span) -> span.name().equals("nightly job"));
						assertThat(root.string("logfire.pending_parent_id")).isEqualTo("0000000000000000");
						assertThat(root.parentSpanId()).isEqualTo(jobId);
					}
				}
				ReceivedSpan ended = receiver.awaitSpan((span) -> "span".equals(span.string(SPAN_TYPE))
						&& span.name().equals("training step {epoch}"));
				assertThat(ended.span().getEndTimeUnixNano()).isGreaterThan(ended.span().getStartTimeUnixNano());
				// Other consumers never see a copy.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(RecordingSpanExporter.class).spans().size() >= 2);
				assertThat(context.getBean(RecordingSpanExporter.class).spans())
					.noneMatch((span) -> "pending_span".equals(span.getAttributes().get(
							io.opentelemetry.api.common.AttributeKey.stringKey(SPAN_TYPE))));
			});
			assertThat(receiver.pendingSpans()).hasSize(2);
		}
	}

	@Test
	void backsOffForTheApplicationsOwnProcessorAndCanBeSwitchedOff() {
		PendingSpanProcessor own = new PendingSpanProcessor(SpanProcessor.composite(), 0, 0);
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			runner(receiver, "1s").withBean(PendingSpanProcessor.class, () -> own)
				.run((context) -> assertThat(context).getBean(PendingSpanProcessor.class).isSameAs(own));
			runner(receiver, "1s").withPropertyValues("logfire.pending-spans.enabled=false")
				.run((context) -> assertThat(context).doesNotHaveBean(PendingSpanProcessor.class));
		}
	}

	@Test
	void shortSpansSendNoCopy() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			runner(receiver, "10s").run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				for (int i = 0; i < 50; i++) {
					try (LogfireSpan request = logfire.span("request {i}", Map.of("i", i))) {
						logfire.info("handled");
					}
				}
			});
			assertThat(receiver.spans()).hasSize(100);
			assertThat(receiver.pendingSpans()).isEmpty();
		}
	}

	@Test
	void aThresholdOfZeroSendsACopyOfEverySpanAtItsStartAsPythonDoes() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			runner(receiver, "0").run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				try (LogfireSpan request = logfire.span("request")) {
					logfire.info("handled");
				}
			});
			// Logs get none.
			assertThat(receiver.pendingSpans()).singleElement().satisfies((span) -> assertThat(span.name()).isEqualTo("request"));
		}
	}

}
