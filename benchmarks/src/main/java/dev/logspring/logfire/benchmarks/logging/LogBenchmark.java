package dev.logspring.logfire.benchmarks.logging;

import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.benchmarks.BenchmarkDefaults;
import org.openjdk.jmh.annotations.Benchmark;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Logfire {@code info} log (a structured record with its template, formatted message and typed
 * attributes, handed to the SDK) against an SLF4J line with the same arguments, formatted by
 * Logback with Spring Boot's console pattern into a stream that discards it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class LogBenchmark {

	private static final String BOOT_CONSOLE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p %pid --- [%15.15t] %-40.40logger{39} : %m%n";

	private ConfigurableApplicationContext context;

	private Logfire logfire;

	private Logger slf4j;

	private final long orderId = 4711;

	private final String customer = "alice";

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	@Setup
	public void start() {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(BenchmarkDefaults.PROPERTIES)
			.run();
		this.logfire = this.context.getBean(Logfire.class);
		this.slf4j = LoggerFactory.getLogger("bench.orders");
		LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(logback);
		encoder.setPattern(BOOT_CONSOLE_PATTERN);
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setContext(logback);
		appender.setEncoder(encoder);
		appender.setOutputStream(OutputStream.nullOutputStream());
		appender.start();
		ch.qos.logback.classic.Logger logger = logback.getLogger("bench.orders");
		logger.setLevel(Level.INFO);
		logger.setAdditive(false);
		logger.addAppender(appender);
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public void slf4jInfo() {
		this.slf4j.info("order {} placed for {}", this.orderId, this.customer);
	}

	@Benchmark
	public void logfireInfo() {
		this.logfire.info("order {id} placed for {customer}", Map.of("id", this.orderId, "customer", this.customer));
	}

}
