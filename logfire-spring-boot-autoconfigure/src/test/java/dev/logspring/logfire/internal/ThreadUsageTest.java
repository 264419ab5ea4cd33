package dev.logspring.logfire.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-span CPU time and allocations, measured on known work and read back from the OTLP bytes
 * Logfire would receive.
 */
@ExtendWith(OutputCaptureExtension.class)
class ThreadUsageTest {

	private static final int ALLOCATION = 8 * 1024 * 1024;

	private static final long CPU_NANOS = 30_000_000;

	static class Work {

		/** What the method itself spent, read from the same counters the span uses. */
		volatile long measuredCpu;

		volatile byte[] kept;

		@Traced(spanName = "allocate", recordThreadUsage = true)
		public void allocate() {
			this.kept = new byte[ALLOCATION];
		}

		@Traced(spanName = "burn", recordThreadUsage = true)
		public double burn() {
			long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
			double sum = 0;
			while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start < CPU_NANOS) {
				for (int i = 0; i < 10_000; i++) {
					sum += Math.sqrt(i + sum);
				}
			}
			this.measuredCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start;
			return sum;
		}

		@Traced(spanName = "plain")
		public void plain() {
			this.kept = new byte[1024];
		}

		/** The asynchronous result, completed by the test after the traced method has returned. */
		final CompletableFuture<Integer> pending = new CompletableFuture<>();

		@Traced(spanName = "async", recordThreadUsage = true)
		public CompletableFuture<Integer> async() {
			return this.pending;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Work work() {
			return new Work();
		}

	}

	private final ApplicationContextRunner runner = LogfireContextRunners.full().withUserConfiguration(Config.class);

	@Test
	void tracedMethodRecordsItsAllocationsAndCpuTime() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			Work work = new Work();
			this.runner.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + receiver.baseUrl())
				.run((context) -> {
					Work traced = context.getBean(Work.class);
					traced.allocate();
					traced.burn();
					traced.plain();
					work.measuredCpu = traced.measuredCpu;
				});
			OtlpReceiver.ReceivedSpan allocate = receiver.awaitSpanNamed("allocate");
			// The array plus its header; nothing much else runs between the span's two readings.
			assertThat(allocate.longValue("thread.allocated_bytes")).isBetween((long) ALLOCATION,
					ALLOCATION + 256L * 1024);
			OtlpReceiver.ReceivedSpan burn = receiver.awaitSpanNamed("burn");
			long wallNanos = burn.span().getEndTimeUnixNano() - burn.span().getStartTimeUnixNano();
			assertThat(burn.longValue("thread.cpu_time_ns")).isGreaterThanOrEqualTo(work.measuredCpu)
				.isLessThanOrEqualTo(wallNanos);
			OtlpReceiver.ReceivedSpan plain = receiver.awaitSpanNamed("plain");
			assertThat(plain.attribute("thread.cpu_time_ns")).isNull();
			assertThat(plain.attribute("thread.allocated_bytes")).isNull();
		}
	}

	@Test
	void globalSwitchCoversTracedMethodsAndFacadeSpans() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			this.runner
				.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + receiver.baseUrl(),
						"logfire.record-thread-usage=true")
				.run((context) -> {
					context.getBean(Work.class).plain();
					try (LogfireSpan span = context.getBean(Logfire.class).span("facade span")) {
						span.setAttribute("size", new byte[ALLOCATION].length);
					}
				});
			assertThat(receiver.awaitSpanNamed("plain").longValue("thread.allocated_bytes")).isGreaterThanOrEqualTo(1024);
			OtlpReceiver.ReceivedSpan facade = receiver.awaitSpanNamed("facade span");
			assertThat(facade.longValue("thread.allocated_bytes")).isGreaterThanOrEqualTo(ALLOCATION);
			assertThat(facade.longValue("thread.cpu_time_ns")).isPositive();
		}
	}

	@Test
	void asynchronousResultsRecordNothingRatherThanSomeoneElsesWork() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			this.runner.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + receiver.baseUrl())
				.run((context) -> {
					CompletableFuture<Integer> result = context.getBean(Work.class).async();
					// Completed after other work done since the method returned: the span ends here, on
					// the completing thread, before the context closes (a pool thread could end it after).
					result.complete(new byte[ALLOCATION].length);
				});
			OtlpReceiver.ReceivedSpan async = receiver.awaitSpanNamed("async");
			assertThat(async.attribute("thread.allocated_bytes")).isNull();
			assertThat(async.attribute("thread.cpu_time_ns")).isNull();
		}
	}

	@Test
	void verboseConsolePrintsTheUsageWhenTheSpanEnds(CapturedOutput output) {
		this.runner
			.withPropertyValues("logfire.console.enabled=true", "logfire.console.verbose=true",
					"logfire.console.colors=never")
			.run((context) -> context.getBean(Work.class).allocate());
		await().untilAsserted(() -> assertThat(output.getOut()).containsPattern("│ Calling Work.allocate used \\d+\\.\\d ms CPU, 8\\.\\d MB allocated"));
	}

}
