package dev.logspring.logfire.benchmarks.peers;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
import org.springframework.context.support.GenericApplicationContext;

/**
 * A peer's tracing annotation on the same work as {@code TracedBenchmark}'s {@code @Traced} call,
 * in an application on that peer's class path ({@code benchmarks/peers/<peer>/target/classpath-jmh.txt},
 * see docs/benchmarks.md), with the same JMH settings. No exporter is configured, as in
 * {@code TracedBenchmark}: the call's own cost. The setup fails if the annotation records no span
 * (no aspect on the class path, tracing off), so that nothing is measured that is not there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public abstract class AnnotatedCallBenchmark<S> {

	protected final String sku = "SKU-12345";

	protected S service;

	private ConfigurableApplicationContext context;

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	/** The bean with the annotated methods. */
	protected abstract Class<S> serviceType();

	/** The peer's settings, beside quiet logs. */
	protected abstract String[] properties();

	/** Whether a call of an annotated method runs inside a recording span. */
	protected abstract boolean recordsSpan(S service);

	@Setup
	public void start() {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn")
			.properties(properties())
			.initializers((context) -> ((GenericApplicationContext) context).registerBean(serviceType()))
			.run();
		this.service = this.context.getBean(serviceType());
		if (!recordsSpan(this.service)) {
			throw new IllegalStateException(serviceType().getName() + " recorded no span: run it on the peer's "
					+ "class path (benchmarks/peers/*/target/classpath-jmh.txt), see docs/benchmarks.md");
		}
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

}
