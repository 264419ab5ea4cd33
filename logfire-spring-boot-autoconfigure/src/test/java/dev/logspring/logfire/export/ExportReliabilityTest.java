package dev.logspring.logfire.export;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer.ConsumerStats;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.SdkLine;
import dev.logspring.logfire.testsupport.OtlpReceiver.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A misbehaving backend, played by a real OTLP receiver: down, slow, overloaded. The
 * application's calls never wait on it, memory stays bounded, losses are counted, retries
 * honour {@code Retry-After}, recovery needs nothing, and nothing queued is lost at shutdown.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExportReliabilityTest {

	private static final String TOKEN = "pylf_v1_us_reliabilitysecret42";

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	private static ConsumerStats stats(AssertableApplicationContext context) {
		return context.getBean(LogfireSpanPipeline.class).consumers().get(0).stats();
	}

	@Test
	void backendDownCostsTheApplicationNothingAndIsReportedOnceWithoutTheToken(CapturedOutput output) {
		String closedPort;
		try (OtlpReceiver gone = new OtlpReceiver()) {
			closedPort = gone.baseUrl();
		}
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + closedPort,
					"logfire.export.max-queue-size=1000", "logfire.export.batch-size=100")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				for (int i = 0; i < 20_000; i++) {
					logfire.info("order {id} placed", Map.of("id", i));
				}
				await().until(() -> stats(context).lastFailure() != null);
				ConsumerStats stats = stats(context);
				assertThat(stats.lastFailureReason()).startsWith("ConnectException");
				assertThat(stats.exportedSpans()).isZero();
				// Bounded: what does not fit is dropped and counted, never buffered without limit.
				assertThat(stats.queuedSpans()).isLessThanOrEqualTo(1000);
				assertThat(stats.droppedSpans()).isPositive();
			});
		assertThat(output).containsOnlyOnce("Logfire could not export spans to logfire-1 (ConnectException")
			.doesNotContain(TOKEN)
			.doesNotContain("Failed to export spans");
	}

	@Test
	void slowBackendTimesOutWithoutHoldingTheApplication() {
		this.receiver.respondWith((request) -> Response.delayed(Duration.ofSeconds(3)));
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
					"logfire.export.timeout=300ms")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				for (int i = 0; i < 200; i++) {
					logfire.info("slow backend {i}", Map.of("i", i));
				}
				// Every call returned while the backend had not answered a single request.
				assertThat(stats(context).exportedSpans()).isZero();
				await().until(() -> stats(context).lastFailure() != null);
				assertThat(stats(context).lastFailureReason()).contains("no answer within 300 ms");
				assertThat(stats(context).nextRetry()).isNotNull();
			});
	}

	@Test
	void serviceUnavailableThenRecoveryDeliversEverySpanAndMetric() {
		AtomicInteger traceAttempts = new AtomicInteger();
		AtomicInteger metricAttempts = new AtomicInteger();
		this.receiver.respondWith((request) -> {
			AtomicInteger attempts = request.path().equals("/v1/traces") ? traceAttempts : metricAttempts;
			return (attempts.incrementAndGet() <= 2) ? Response.status(503) : Response.ok();
		});
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
					"logfire.metrics.export-interval=1h")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				for (int i = 0; i < 10; i++) {
					logfire.info("during the outage {i}", Map.of("i", i));
				}
				logfire.counter("orders").record(3);
				await().atMost(Duration.ofSeconds(20)).until(() -> stats(context).exportedSpans() >= 10);
				ConsumerStats stats = stats(context);
				assertThat(stats.failedExports()).isEqualTo(2);
				assertThat(stats.failedSpans()).isZero();
				assertThat(stats.lastSuccess()).isAfter(stats.lastFailure());
			});
		assertThat(this.receiver.spans()).filteredOn((span) -> span.name().startsWith("during the outage")).hasSize(10);
		// The shutdown's metric export met two 503s and was retried within the export timeout.
		assertThat(this.receiver.metrics()).extracting("name").contains("orders");
	}

	@Test
	void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
		AtomicInteger attempts = new AtomicInteger();
		this.receiver.respondWith((request) -> (attempts.incrementAndGet() == 1)
				? Response.status(429).withHeader("Retry-After", "3") : Response.ok());
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl())
			.run((context) -> {
				context.getBean(Logfire.class).info("throttled");
				this.receiver.awaitSpanNamed("throttled");
			});
		List<OtlpReceiver.Request> tries = this.receiver.attempts()
			.stream()
			.filter((request) -> request.path().equals("/v1/traces"))
			.toList();
		// The refused batch and its retry (a later batch may follow).
		assertThat(tries).hasSizeGreaterThanOrEqualTo(2);
		Duration waited = Duration.between(tries.get(0).receivedAt(), tries.get(1).receivedAt());
		if (SdkLine.reportsHttpStatus()) {
			// Our own backoff would have retried after about a second.
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
		}
		else {
			// SDK 1.55 does not pass the header on: our backoff decides (1 s, jittered).
			assertThat(waited).isBetween(Duration.ofMillis(700), Duration.ofMillis(2900));
		}
	}

	@Test
	void requestsThatCannotSucceedAreGivenUpAtOnce() {
		// SDK 1.55 does not say which status the backend answered: every error is tried again.
		// The SDK line comes with the Boot line: this runs in the boot-4.1 build of .ci/run.
		assumeTrue(SdkLine.reportsHttpStatus(), "the status of a failed export is known from OpenTelemetry SDK 1.59");
		this.receiver.respondWith((request) -> Response.status(401));
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl())
			.run((context) -> {
				context.getBean(Logfire.class).info("rejected");
				await().until(() -> stats(context).failedSpans() == 1);
				assertThat(stats(context).failedExports()).isEqualTo(1);
				assertThat(stats(context).lastFailureReason()).isEqualTo("HTTP 401");
			});
		assertThat(this.receiver.attempts()).filteredOn((request) -> request.path().equals("/v1/traces")).hasSize(1);
	}

	@Test
	void errorStatusesAreTriedAgainWhereTheSdkDoesNotSayWhichStatus() {
		// The SDK line comes with the Boot line: this runs in the default (boot-4.0) build of .ci/run.
		assumeFalse(SdkLine.reportsHttpStatus(), "from OpenTelemetry SDK 1.59 the status decides");
		AtomicInteger attempts = new AtomicInteger();
		this.receiver.respondWith((request) -> (attempts.incrementAndGet() == 1) ? Response.status(401) : Response.ok());
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl())
			.run((context) -> {
				context.getBean(Logfire.class).info("rejected once");
				this.receiver.awaitSpanNamed("rejected once");
				assertThat(stats(context).failedExports()).isEqualTo(1);
				assertThat(stats(context).lastFailureReason()).isEqualTo("the backend answered with an error status");
			});
	}

	@Test
	void burstJustBeforeCloseArrivesWhole() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=" + TOKEN, "logfire.base-url=" + this.receiver.baseUrl(),
					"logfire.export.schedule-delay=10s", "logfire.metrics.export-interval=1h")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				for (int i = 0; i < 2000; i++) {
					logfire.info("burst {i}", Map.of("i", i));
				}
				logfire.counter("burst_done").record(1);
			});
		// A 10 s schedule delay and an hourly metric export: only the graceful stop sent these.
		assertThat(this.receiver.spans()).hasSize(2000);
		assertThat(this.receiver.metrics()).extracting("name").contains("burst_done");
	}

}
