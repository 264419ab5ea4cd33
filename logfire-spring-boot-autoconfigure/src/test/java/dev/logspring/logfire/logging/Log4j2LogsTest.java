package dev.logspring.logfire.logging;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Status;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log4j2 records (when Log4j2 is the backend) arrive at a real OTLP receiver as Logfire logs
 * under the current span, like Logback's. This JVM logs through Logback, so the test gives the
 * installer a Log4j2 logger context of its own, as Log4j2's {@code LogManager} would.
 */
class Log4j2LogsTest {

	private final OtlpReceiver receiver = new OtlpReceiver();

	private final LoggerContext log4j = new LoggerContext("log4j2-test");

	@AfterEach
	void stop() {
		this.receiver.close();
		this.log4j.stop();
		ThreadContext.clearAll();
	}

	@Test
	void recordsBecomeLogfireLogsUnderTheCurrentSpan() {
		this.log4j.start();
		this.log4j.getConfiguration().getRootLogger().setLevel(Level.INFO);
		this.log4j.updateLoggers();
		LogfireContextRunners.full()
			.withPropertyValues("logfire.otlp.endpoint=" + this.receiver.baseUrl())
			.run((context) -> {
				assertThat(context).hasSingleBean(Log4j2AppenderInstaller.class);
				Log4j2AppenderInstaller installer = context.getBean(Log4j2AppenderInstaller.class);
				installer.attach(this.log4j);
				Logger log = this.log4j.getLogger("com.example.orders.OrderService");
				try (LogfireSpan span = context.getBean(Logfire.class).span("handling order {id}", Map.of("id", 7))) {
					ThreadContext.put("request_id", "req-42");
					log.debug("not sent");
					log.info("loaded {} rows from {}", 301, "customers.csv");
					log.fatal("payment system down for {}", "order-7", new IllegalStateException("no route"));
					this.log4j.getLogger("dev.logspring.logfire.export.Something").warn("our own warning");
				}
				installer.destroy();
				assertThat(this.log4j.getConfiguration().getRootLogger().getAppenders())
					.doesNotContainKey(LogBridge.APPENDER_NAME);
			});
		ReceivedSpan parent = this.receiver.awaitSpanNamed("handling order {id}");
		ReceivedSpan loaded = this.receiver.awaitSpanNamed("loaded {arg0} rows from {arg1}");
		assertThat(loaded.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(loaded.string("logfire.msg")).isEqualTo("loaded 301 rows from customers.csv");
		assertThat(loaded.longValue("logfire.level_num")).isEqualTo(9L);
		assertThat(loaded.longValue("arg0")).isEqualTo(301L);
		assertThat(loaded.string("logger.name")).isEqualTo("com.example.orders.OrderService");
		assertThat(loaded.string("request_id")).isEqualTo("req-42");

		ReceivedSpan fatal = this.receiver.awaitSpanNamed("payment system down for {arg0}");
		assertThat(fatal.longValue("logfire.level_num")).isEqualTo(21L);
		assertThat(fatal.attribute("arg1")).isNull();
		assertThat(fatal.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(fatal.span().getEventsList()).anyMatch((event) -> event.getName().equals("exception"));
		assertThat(this.receiver.spans()).extracting(ReceivedSpan::name)
			.doesNotContain("not sent", "our own warning");
	}

}
