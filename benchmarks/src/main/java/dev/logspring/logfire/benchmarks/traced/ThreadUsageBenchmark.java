package dev.logspring.logfire.benchmarks.traced;

import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.benchmarks.BenchmarkDefaults;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same {@code @Traced} span with and without {@code recordThreadUsage}: what reading the
 * thread's CPU time and allocation counters at both ends of a span costs.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class ThreadUsageBenchmark {

	private ConfigurableApplicationContext context;

	private PriceService service;

	private final String sku = "SKU-12345";

	@Setup
	public void start() {
		this.context = new SpringApplicationBuilder(TracedBenchmark.App.class).web(WebApplicationType.NONE)
			.properties(BenchmarkDefaults.PROPERTIES)
			.run();
		this.service = this.context.getBean(PriceService.class);
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public long spanWithoutThreadUsage() {
		return this.service.price(this.sku);
	}

	@Benchmark
	public long spanWithThreadUsage() {
		return this.service.meteredPrice(this.sku);
	}

}
