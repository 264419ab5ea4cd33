package dev.logspring.logfire.profiling;

import java.time.Duration;

import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.internal.LogEmitter;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deliberately CPU-busy method's span gets, as a log under it, the hot methods JDK Flight
 * Recorder saw on its thread, read back from the OTLP bytes Logfire would receive.
 */
class SlowSpanProfilerTest {

	static class Busy {

		@Traced(value = "crunching for {millis} ms", spanName = "crunch numbers")
		public double crunchNumbers(long millis) {
			long end = System.nanoTime() + millis * 1_000_000;
			double sum = 0;
			while (System.nanoTime() < end) {
				for (int i = 1; i < 50_000; i++) {
					sum += Math.sqrt(i) / (sum + i);
				}
			}
			return sum;
		}

		@Traced(spanName = "quick")
		public int quick() {
			return 42;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Busy busy() {
			return new Busy();
		}

	}

	private final ApplicationContextRunner runner = LogfireContextRunners.full().withUserConfiguration(Config.class);

	@Test
	void slowSpanGetsALogNamingTheMethodItsThreadWasBusyIn() {
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			this.runner
				.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + receiver.baseUrl(),
						"logfire.profiling.enabled=true", "logfire.profiling.threshold=300ms",
						"logfire.profiling.sample-period=10ms")
				.run((context) -> {
					Busy busy = context.getBean(Busy.class);
					busy.quick();
					busy.crunchNumbers(1500);
					OtlpReceiver.ReceivedSpan slow = receiver.awaitSpanNamed("crunch numbers");
					OtlpReceiver.ReceivedSpan log = receiver.awaitSpan(
							(span) -> SlowSpanProfiler.TEMPLATE.equals(span.name()) && slow.spanId().equals(span.parentSpanId()));
					assertThat(log.string("logfire.span_type")).isEqualTo("log");
					// Named as people read it: the span's message.
					assertThat(log.string("profiled_span")).isEqualTo("crunching for 1500 ms");
					assertThat(log.string("profiling.hot_methods"))
						.contains("\"method\":\"" + Busy.class.getName() + ".crunchNumbers\"");
					assertThat(log.longValue("profiling.samples")).isPositive();
					assertThat(log.string("logfire.msg")).startsWith("hot methods of crunching for 1500 ms: ");
					// Logged at the slow span's end, so it sorts inside it.
					assertThat(log.span().getStartTimeUnixNano()).isEqualTo(slow.span().getEndTimeUnixNano());
				});
			// Spans under the threshold never get one.
			assertThat(receiver.spans()).noneMatch((span) -> "quick".equals(span.string("profiled_span")));
		}
	}

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(SlowSpanProfiler.class));
	}

	@Test
	void backsOffForTheApplicationsOwnProfiler() {
		SlowSpanProfiler own = new SlowSpanProfiler(
				new SlowSpanProfiler.Settings(Duration.ofMillis(500), Duration.ofMillis(20), 10, 1024, 256),
				() -> new LogEmitter(io.opentelemetry.api.OpenTelemetry.noop().getTracer("own"),
						dev.logspring.logfire.api.Level.INFO));
		this.runner.withPropertyValues("logfire.profiling.enabled=true")
			.withBean("ownProfiler", SlowSpanProfiler.class, () -> own)
			.run((context) -> assertThat(context).getBean(SlowSpanProfiler.class).isSameAs(own));
	}

	@Test
	void samplesStayBoundedPerThreadAndInThreads() {
		ThreadSamples samples = new ThreadSamples(4, 2);
		for (int i = 0; i < 10; i++) {
			samples.add(1, i, (i < 6) ? "old" : "recent");
		}
		// The ring kept the last four samples of thread 1, all "recent".
		assertThat(samples.between(1, 0, 100, 10).hotMethods())
			.containsExactly(new ThreadSamples.HotMethod("recent", 4));
		assertThat(samples.between(1, 7, 8, 10).samples()).isEqualTo(2);
		samples.add(2, 5, "two");
		samples.add(3, 5, "three");
		// Thread 1 was sampled least recently when thread 3 came: forgotten.
		assertThat(samples.threadCount()).isEqualTo(2);
		assertThat(samples.between(1, 0, 100, 10).samples()).isZero();
	}

	@Test
	void listsAtMostMaxFramesMethodsHottestFirst() {
		ThreadSamples samples = new ThreadSamples(100, 2);
		String[] methods = { "a", "b", "b", "c", "c", "c" };
		for (int i = 0; i < methods.length; i++) {
			samples.add(7, i, methods[i]);
		}
		ThreadSamples.Profile profile = samples.between(7, 0, 10, 2);
		assertThat(profile.samples()).isEqualTo(6);
		assertThat(profile.hotMethods()).containsExactly(new ThreadSamples.HotMethod("c", 3),
				new ThreadSamples.HotMethod("b", 2));
	}

}
