package dev.logspring.logfire.sampling;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tail sampling as Logfire 5 does it, read from the OTLP bytes Logfire's endpoint receives: a
 * trace waits for every span started in it, so an asynchronous child that fails after its root
 * ended keeps the whole trace, pending copies included, and a quiet one is dropped whole.
 */
class TailSamplingWholeTraceTest {

	@Test
	void anAsyncChildThatFailsAfterItsRootKeepsTheWholeTraceWithItsPendingCopy() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			LogfireContextRunners.full()
				.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + receiver.baseUrl(),
						"logfire.sampling.tail.enabled=true", "logfire.pending-spans.threshold=50ms")
				.run((context) -> {
					Logfire logfire = context.getBean(Logfire.class);
					CompletableFuture<Void> failing = request(logfire, "failing request", true);
					CompletableFuture<Void> quiet = request(logfire, "quiet request", false);
					failing.join();
					quiet.join();
					await().until(() -> receiver.spans().stream().anyMatch((span) -> span.name().equals("async failing request")
							&& "span".equals(span.string("logfire.span_type"))));
				});
			assertThat(receiver.spans()).extracting(ReceivedSpan::name)
				.containsExactlyInAnyOrder("failing request", "async failing request");
			String trace = receiver.spans().get(0).traceId();
			// The copy of the child that ran after its root; the root's own when it outlived 50 ms.
			assertThat(receiver.pendingSpans()).extracting(ReceivedSpan::name).contains("async failing request");
			assertThat(receiver.pendingSpans()).allSatisfy((copy) -> assertThat(copy.traceId()).isEqualTo(trace));
		}
	}

	@Test
	void backsOffForTheApplicationsOwnOpenTraces() {
		OpenTraces own = new OpenTraces(5);
		LogfireContextRunners.full()
			.withPropertyValues("logfire.sampling.tail.enabled=true")
			.withBean(OpenTraces.class, () -> own)
			.run((context) -> assertThat(context).getBean(OpenTraces.class).isSameAs(own));
	}

	/**
	 * A request that starts an asynchronous child and ends at once, the child running on for a
	 * while after it.
	 */
	private static CompletableFuture<Void> request(Logfire logfire, String name, boolean fail) {
		CountDownLatch childStarted = new CountDownLatch(1);
		CountDownLatch rootEnded = new CountDownLatch(1);
		CompletableFuture<Void> child;
		try (LogfireSpan request = logfire.span(name)) {
			Context context = Context.current();
			child = CompletableFuture.runAsync(context.wrap(() -> {
				try (LogfireSpan async = logfire.span("async " + name)) {
					childStarted.countDown();
					await().until(() -> rootEnded.await(0, TimeUnit.MILLISECONDS));
					// Long enough for the pending copy.
					await().pollDelay(Duration.ofMillis(300)).until(() -> true);
					if (fail) {
						async.recordException(new IllegalStateException("late failure"));
					}
				}
			}));
			await().until(() -> childStarted.await(0, TimeUnit.MILLISECONDS));
		}
		rootEnded.countDown();
		return child;
	}

}
