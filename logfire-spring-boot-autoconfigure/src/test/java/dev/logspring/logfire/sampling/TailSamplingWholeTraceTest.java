package dev.logspring.logfire.sampling;

import java.util.List;
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
			List<ReceivedSpan> spans = receiver.spans();
			assertThat(spans).extracting((span) -> span.name() + " " + span.string("logfire.span_type"))
				.containsExactlyInAnyOrder("failing request span", "async failing request pending_span",
						"async failing request span");
		}
	}

	/** A request whose root ends at once, leaving an asynchronous child running for a while. */
	private static CompletableFuture<Void> request(Logfire logfire, String name, boolean fail) {
		CountDownLatch rootEnded = new CountDownLatch(1);
		CompletableFuture<Void> child;
		try (LogfireSpan request = logfire.span(name)) {
			Context context = Context.current();
			child = CompletableFuture.runAsync(context.wrap(() -> {
				try (LogfireSpan async = logfire.span("async " + name)) {
					await().until(() -> rootEnded.await(0, TimeUnit.MILLISECONDS));
					// Long enough for the pending copy.
					await().pollDelay(java.time.Duration.ofMillis(300)).until(() -> true);
					if (fail) {
						async.recordException(new IllegalStateException("late failure"));
					}
				}
			}));
		}
		rootEnded.countDown();
		return child;
	}

}
