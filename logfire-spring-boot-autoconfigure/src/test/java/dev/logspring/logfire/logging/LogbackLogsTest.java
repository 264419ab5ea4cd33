package dev.logspring.logfire.logging;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.LoggerContext;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.proto.trace.v1.Span.Event;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Logback records arrive at a real OTLP receiver as Logfire logs under the span they were
 * written in, with the template, the arguments, key-value pairs, MDC and the exception.
 */
class LogbackLogsTest {

	private static final Logger log = LoggerFactory.getLogger("com.example.orders.OrderService");

	private final OtlpReceiver receiver = new OtlpReceiver();

	private ApplicationContextRunner runner() {
		return LogfireContextRunners.full().withPropertyValues("logfire.otlp.endpoint=" + this.receiver.baseUrl());
	}

	@AfterEach
	void stop() {
		this.receiver.close();
		MDC.clear();
	}

	@Test
	void recordsBecomeLogfireLogsUnderTheCurrentSpan() {
		runner().run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			try (LogfireSpan span = logfire.span("handling order {id}", Map.of("id", 7))) {
				MDC.put("request_id", "req-42");
				log.info("loaded {} rows from {}", 301, "customers.csv");
				log.atWarn().addKeyValue("email", "ada@example.com").log("user {} exists", "ada");
				log.error("payment failed for {}", "order-7", new IllegalStateException("card declined"));
				log.warn("retrying after {}", "timeout", new IllegalStateException("slow backend"));
			}
		});
		ReceivedSpan parent = this.receiver.awaitSpanNamed("handling order {id}");

		ReceivedSpan loaded = this.receiver.awaitSpanNamed("loaded {arg0} rows from {arg1}");
		assertThat(loaded.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(loaded.traceId()).isEqualTo(parent.traceId());
		assertThat(loaded.string("logfire.span_type")).isEqualTo("log");
		assertThat(loaded.string("logfire.msg_template")).isEqualTo("loaded {arg0} rows from {arg1}");
		assertThat(loaded.string("logfire.msg")).isEqualTo("loaded 301 rows from customers.csv");
		assertThat(loaded.longValue("logfire.level_num")).isEqualTo(9L);
		assertThat(loaded.longValue("arg0")).isEqualTo(301L);
		assertThat(loaded.string("arg1")).isEqualTo("customers.csv");
		assertThat(loaded.string("logger.name")).isEqualTo("com.example.orders.OrderService");
		assertThat(loaded.string("thread.name")).isEqualTo(Thread.currentThread().getName());
		assertThat(loaded.string("request_id")).isEqualTo("req-42");
		assertThat(loaded.attribute("trace_id")).isNull();
		assertThat(loaded.span().getStartTimeUnixNano()).isEqualTo(loaded.span().getEndTimeUnixNano());

		ReceivedSpan exists = this.receiver.awaitSpanNamed("user {arg0} exists");
		assertThat(exists.longValue("logfire.level_num")).isEqualTo(13L);
		assertThat(exists.string("email")).isEqualTo("ada@example.com");
		assertThat(exists.string("logfire.msg")).isEqualTo("user ada exists");
		assertThat(exists.span().getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

		ReceivedSpan failed = this.receiver.awaitSpanNamed("payment failed for {arg0}");
		assertThat(failed.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(failed.longValue("logfire.level_num")).isEqualTo(17L);
		assertThat(failed.string("logfire.msg")).isEqualTo("payment failed for order-7");
		assertThat(failed.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		Event exception = failed.span().getEventsList().stream()
			.filter((event) -> event.getName().equals("exception"))
			.findFirst()
			.orElseThrow();
		assertThat(attribute(exception, "exception.type")).isEqualTo(IllegalStateException.class.getName());
		assertThat(attribute(exception, "exception.message")).isEqualTo("card declined");
		assertThat(attribute(exception, "exception.stacktrace")).contains("LogbackLogsTest");

		// A warning that reports an exception keeps its level: the exception did not escape.
		ReceivedSpan retrying = this.receiver.awaitSpanNamed("retrying after {arg0}");
		assertThat(retrying.longValue("logfire.level_num")).isEqualTo(13L);
		assertThat(retrying.span().getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(retrying.span().getEventsList()).anyMatch((event) -> event.getName().equals("exception"));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void eachRecordReachesTheConsoleAndEveryExporterOnce(CapturedOutput output) {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		runner().withBean(RecordingSpanExporter.class, () -> exporter)
			.withPropertyValues("logfire.console.enabled=true", "logfire.console.colors=never")
			.run((context) -> {
				try (LogfireSpan span = context.getBean(Logfire.class).span("dispatch")) {
					log.info("shipped {} parcels", 3);
				}
			});
		this.receiver.awaitSpanNamed("shipped {arg0} parcels");
		assertThat(this.receiver.spans()).filteredOn((span) -> span.name().equals("shipped {arg0} parcels"))
			.hasSize(1);
		assertThat(exporter.spans()).filteredOn((span) -> span.getName().equals("shipped {arg0} parcels"))
			.hasSize(1);
		// Logfire's console line, indented under its span (Logback's own console line is another format).
		assertThat(output.getOut().lines().filter((line) -> line.endsWith("   shipped 3 parcels"))).hasSize(1);
	}

	@Test
	void levelsBelowTheMinimumAndTheStartersOwnLoggersAreNotSent() {
		ch.qos.logback.classic.Logger chatty = (ch.qos.logback.classic.Logger) LoggerFactory
			.getLogger("com.example.Chatty");
		chatty.setLevel(ch.qos.logback.classic.Level.DEBUG);
		try {
			runner().withPropertyValues("logfire.logging.min-level=warn").run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				try (LogfireSpan span = logfire.span("work")) {
					chatty.debug("debug detail");
					chatty.info("info detail");
					LoggerFactory.getLogger("dev.logspring.logfire.export.Something").warn("our own warning");
					LoggerFactory.getLogger("io.opentelemetry.sdk.Something").warn("sdk warning");
					chatty.warn("a real warning");
				}
			});
		}
		finally {
			chatty.setLevel(null);
		}
		this.receiver.awaitSpanNamed("a real warning");
		assertThat(this.receiver.spans()).extracting(ReceivedSpan::name)
			.doesNotContain("debug detail", "info detail", "our own warning", "sdk warning");
	}

	@Test
	void aLoggingExporterDoesNotFeedItself() {
		ChattyExporter chatty = new ChattyExporter();
		runner().withBean(ChattyExporter.class, () -> chatty).run((context) -> {
			log.info("one record");
			await().atMost(Duration.ofSeconds(10)).until(() -> chatty.exports.get() > 0);
			// Ten export cycles: had the exporter's record become a span, it would be exported,
			// logged again, and so on.
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.until(() -> chatty.spans().stream().noneMatch((span) -> span.getName().startsWith("exported")));
		});
		this.receiver.awaitSpanNamed("one record");
		assertThat(chatty.spans()).extracting(SpanData::getName).contains("one record")
			.doesNotContain("exported {arg0} spans");
		assertThat(this.receiver.spans()).extracting(ReceivedSpan::name).doesNotContain("exported {arg0} spans");
	}

	@Test
	void theAppenderIsAttachedWhileTheApplicationRunsAndRemovedAfter() {
		ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
			.getLogger(Logger.ROOT_LOGGER_NAME);
		runner().run((context) -> assertThat(root.getAppender(LogBridge.APPENDER_NAME)).isNotNull());
		assertThat(root.getAppender(LogBridge.APPENDER_NAME)).isNull();
		runner().withPropertyValues("logfire.logging.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LogbackAppenderInstaller.class);
			assertThat(root.getAppender(LogBridge.APPENDER_NAME)).isNull();
		});
	}

	@Test
	void slf4jPatternsBecomeTemplatesNamingTheirArguments() {
		assertThat(LogBridge.template("a {} b {} c", new Object[] { 1, 2 })).isEqualTo("a {arg0} b {arg1} c");
		assertThat(LogBridge.template("only {} of {}", new Object[] { 1 })).isEqualTo("only {arg0} of {}");
		assertThat(LogBridge.template("escaped \\{} and {}", new Object[] { 1 }))
			.isEqualTo("escaped \\{} and {arg0}");
		assertThat(LogBridge.template("json {\"a\": {}}", null)).isEqualTo("json {\"a\": {}}");
	}

	private static String attribute(Event event, String key) {
		return event.getAttributesList().stream().filter((kv) -> kv.getKey().equals(key))
			.map((kv) -> kv.getValue().getStringValue()).findFirst().orElse(null);
	}

	/** A user's exporter that logs every export, as many do. */
	static final class ChattyExporter extends RecordingSpanExporter {

		private static final Logger logger = LoggerFactory.getLogger("com.example.ChattyExporter");

		final AtomicInteger exports = new AtomicInteger();

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			logger.info("exported {} spans", batch.size());
			this.exports.incrementAndGet();
			return super.export(batch);
		}

	}

}
