package dev.logspring.logfire.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Head sampling at {@code logfire.sampling.rate}: the share of traces kept is the rate within
 * statistical bounds, children follow their root, and a user's own {@code Sampler} replaces ours.
 */
class HeadSamplingTest {

	private final RecordingSpanExporter exporter = new RecordingSpanExporter();

	private final ApplicationContextRunner runner = LogfireContextRunners.full()
		.withBean(RecordingSpanExporter.class, () -> this.exporter);

	@Test
	void keepsTheConfiguredShareOfTraces() {
		this.runner.withPropertyValues("logfire.sampling.rate=0.25").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			for (int i = 0; i < 4000; i++) {
				logfire.info("request {i}", Map.of("i", i));
			}
		});
		// Binomial(4000, 0.25): mean 1000, standard deviation 27; five of them either side.
		assertThat(this.exporter.spans().size()).isBetween(1000 - 137, 1000 + 137);
	}

	@Test
	void childrenFollowTheDecisionOfTheirRoot() {
		this.runner.withPropertyValues("logfire.sampling.rate=0.5").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			for (int i = 0; i < 400; i++) {
				try (LogfireSpan root = logfire.span("root")) {
					logfire.info("first child");
					logfire.info("second child");
				}
			}
		});
		Map<String, List<SpanData>> traces = this.exporter.spans().stream()
			.collect(Collectors.groupingBy(SpanData::getTraceId));
		assertThat(traces.values()).allSatisfy((trace) -> assertThat(trace).hasSize(3));
		// Binomial(400, 0.5): mean 200, standard deviation 10.
		assertThat(traces.size()).isBetween(150, 250);
	}

	@Test
	void aUsersSamplerReplacesOurs() {
		this.runner.withPropertyValues("logfire.sampling.rate=1.0")
			.withBean("mySampler", Sampler.class, Sampler::alwaysOff)
			.run((context) -> {
				assertThat(context).hasSingleBean(Sampler.class).doesNotHaveBean("logfireSampler");
				for (int i = 0; i < 50; i++) {
					context.getBean(Logfire.class).info("not sampled");
				}
			});
		assertThat(this.exporter.spans()).isEmpty();
		this.runner.withPropertyValues("logfire.sampling.rate=0.0")
			.withBean("mySampler", Sampler.class, Sampler::alwaysOn)
			.run((context) -> context.getBean(Logfire.class).info("sampled by the user's sampler"));
		assertThat(this.exporter.spans()).extracting(SpanData::getName).containsExactly("sampled by the user's sampler");
	}

}
