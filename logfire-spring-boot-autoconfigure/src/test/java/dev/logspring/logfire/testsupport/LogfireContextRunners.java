package dev.logspring.logfire.testsupport;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * Context runners with the same auto-configurations an application gets: ours and Boot's
 * OpenTelemetry and Micrometer ones.
 */
public final class LogfireContextRunners {

	public static final AutoConfigurations BOOT = AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
			OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
			ObservationAutoConfiguration.class, AopAutoConfiguration.class);

	/** Ours, in the order Boot's {@code AutoConfiguration.imports} lists them. */
	public static final List<Class<?>> LOGFIRE_CLASSES = logfireAutoConfigurations();

	/**
	 * Exactly the auto-configurations our {@code AutoConfiguration.imports} lists, so that tests
	 * run what applications get.
	 */
	public static final AutoConfigurations LOGFIRE = AutoConfigurations.of(LOGFIRE_CLASSES.toArray(Class<?>[]::new));

	/** The explorer's own switch, for tests that leave it off (see {@link #full()}). */
	public static final String EXPLORER_OFF = "logfire.explorer.enabled=false";

	/** Console off (tests read the console explicitly) and short export delays. */
	private static final String[] TEST_SETTINGS = { "logfire.console.enabled=false",
			"logfire.export.schedule-delay=50ms" };

	private LogfireContextRunners() {
	}

	/**
	 * Boot's and our auto-configurations as an application gets them, with the
	 * {@link #TEST_SETTINGS}. The explorer keeps its default: on without a token.
	 */
	public static ApplicationContextRunner application() {
		return withLogfire(new ApplicationContextRunner());
	}

	/**
	 * {@link #application()} with the explorer off: without a token it would keep every test's
	 * spans in an embedded database that the test does not read. Explorer tests use
	 * {@link #application()}.
	 */
	public static ApplicationContextRunner full() {
		return application().withPropertyValues(EXPLORER_OFF);
	}

	/** {@link #full()} for a servlet web application. */
	public static WebApplicationContextRunner servletWeb() {
		return withLogfire(new WebApplicationContextRunner()).withPropertyValues(EXPLORER_OFF);
	}

	/** {@link #full()} for a reactive web application. */
	public static ReactiveWebApplicationContextRunner reactiveWeb() {
		return withLogfire(new ReactiveWebApplicationContextRunner()).withPropertyValues(EXPLORER_OFF);
	}

	private static <R extends AbstractApplicationContextRunner<R, ?, ?>> R withLogfire(R runner) {
		return runner.withConfiguration(BOOT).withConfiguration(LOGFIRE).withPropertyValues(TEST_SETTINGS);
	}

	private static List<Class<?>> logfireAutoConfigurations() {
		ClassLoader classLoader = LogfireContextRunners.class.getClassLoader();
		return ImportCandidates.load(AutoConfiguration.class, classLoader)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.logspring.logfire."))
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, classLoader))
			.toList();
	}

}
