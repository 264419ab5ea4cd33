package dev.logspring.logfire.benchmarks.traced;

import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.benchmarks.BenchmarkDefaults;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
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

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A {@code @Traced} call against the same call wrapped by hand in an OpenTelemetry span with the
 * same name and attributes, both through the one SDK of a running application. Targets: at most
 * 1.2x the time, at most 128 extra bytes allocated per call ({@code -prof gc}).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class TracedBenchmark {

	private static final AttributeKey<String> SKU = AttributeKey.stringKey("sku");

	private ConfigurableApplicationContext context;

	private PriceService traced;

	private final PriceService plain = new PriceService();

	private Tracer tracer;

	/** What a careful hand-written span records: Logfire's attributes, computed once. */
	private final Attributes constant = Attributes.builder()
		.put("logfire.span_type", "span")
		.put("logfire.msg_template", "Calling PriceService.price")
		.put("logfire.msg", "Calling PriceService.price")
		.put("code.namespace", PriceService.class.getName())
		.put("code.function", "price")
		.put("code.filepath", "dev/logspring/logfire/benchmarks/traced/PriceService.java")
		.put("code.lineno", 9L)
		.build();

	private final String sku = "SKU-12345";

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		PriceService priceService() {
			return new PriceService();
		}

	}

	@Setup
	public void start() {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(BenchmarkDefaults.PROPERTIES)
			.run();
		this.traced = this.context.getBean(PriceService.class);
		this.tracer = this.context.getBean(OpenTelemetry.class).getTracer(Logfire.INSTRUMENTATION_NAME);
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public long untraced() {
		return this.plain.price(this.sku);
	}

	@Benchmark
	public long handWrittenSpan() {
		Span span = this.tracer.spanBuilder("Calling PriceService.price")
			.setAllAttributes(this.constant)
			.setAttribute(SKU, this.sku)
			.startSpan();
		try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
			return this.plain.price(this.sku);
		}
		catch (RuntimeException ex) {
			span.recordException(ex);
			span.setStatus(StatusCode.ERROR);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	@Benchmark
	public long tracedAnnotation() {
		return this.traced.price(this.sku);
	}

}
