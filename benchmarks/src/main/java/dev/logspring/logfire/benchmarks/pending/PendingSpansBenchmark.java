package dev.logspring.logfire.benchmarks.pending;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.benchmarks.BenchmarkDefaults;
import dev.logspring.logfire.benchmarks.http.DiscardingBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What pending spans cost a short request's span (started and ended well under the threshold):
 * switched off, watched with the default threshold (an entry added at start and removed at
 * end), and a copy at every start as Logfire's Python SDK does (threshold 0), in one run, the
 * spans exported to a loopback backend that discards them.
 * <p>
 * {@code java -jar benchmarks/target/benchmarks.jar PendingSpansBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class PendingSpansBenchmark {

	@Param({ "off", "500ms", "0" })
	public String threshold;

	private DiscardingBackend backend;

	private ConfigurableApplicationContext context;

	private Logfire logfire;

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	@Setup
	public void start() throws IOException {
		this.backend = new DiscardingBackend();
		boolean off = this.threshold.equals("off");
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(BenchmarkDefaults.PROPERTIES)
			.properties("logfire.otlp.endpoint=" + this.backend.baseUrl(), "logfire.pending-spans.enabled=" + !off,
					"logfire.pending-spans.threshold=" + (off ? "500ms" : this.threshold))
			.run();
		this.logfire = this.context.getBean(Logfire.class);
	}

	@TearDown
	public void stop() {
		this.context.close();
		this.backend.close();
	}

	@Benchmark
	public void shortSpan() {
		try (LogfireSpan span = this.logfire.span("handling request")) {
			span.setAttribute("items", 3);
		}
	}

}
