package dev.logspring.logfire.testsupport;

import dev.logspring.logfire.alerts.LogfireAlertsAutoConfiguration;
import dev.logspring.logfire.alerts.LogfireAlertsEndpointAutoConfiguration;
import dev.logspring.logfire.client.LogfireHttpClientTracingAutoConfiguration;
import dev.logspring.logfire.console.LogfireConsoleAutoConfiguration;
import dev.logspring.logfire.jdbc.LogfireJdbcAutoConfiguration;
import dev.logspring.logfire.logging.LogfireLoggingAutoConfiguration;
import dev.logspring.logfire.llm.LogfireLlmAutoConfiguration;
import dev.logspring.logfire.llm.LogfireSpringAiAutoConfiguration;
import dev.logspring.logfire.metrics.LogfireHttpMetricsAutoConfiguration;
import dev.logspring.logfire.metrics.LogfireMetricsAutoConfiguration;
import dev.logspring.logfire.profiling.LogfireProfilingAutoConfiguration;
import dev.logspring.logfire.pending.LogfirePendingSpansAutoConfiguration;
import dev.logspring.logfire.propagation.LogfirePropagationAutoConfiguration;
import dev.logspring.logfire.sampling.LogfireSamplingAutoConfiguration;
import dev.logspring.logfire.scrubbing.LogfireScrubbingAutoConfiguration;
import dev.logspring.logfire.traced.LogfireTracedAutoConfiguration;
import dev.logspring.logfire.tracing.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.web.LogfireWebFluxTracingAutoConfiguration;
import dev.logspring.logfire.web.LogfireWebMvcTracingAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Context runners with the same auto-configurations an application gets: ours and Boot's
 * OpenTelemetry and Micrometer ones.
 */
public final class LogfireContextRunners {

	public static final AutoConfigurations BOOT = AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
			OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
			ObservationAutoConfiguration.class, AopAutoConfiguration.class);

	public static final AutoConfigurations LOGFIRE = AutoConfigurations.of(LogfireTracingAutoConfiguration.class,
			LogfireConsoleAutoConfiguration.class, LogfireTracedAutoConfiguration.class,
			LogfireMetricsAutoConfiguration.class, LogfireAlertsAutoConfiguration.class,
			LogfireAlertsEndpointAutoConfiguration.class, LogfireLoggingAutoConfiguration.class,
			LogfireJdbcAutoConfiguration.class, LogfireLlmAutoConfiguration.class,
			LogfireSpringAiAutoConfiguration.class, LogfirePropagationAutoConfiguration.class,
			LogfireWebMvcTracingAutoConfiguration.class, LogfireWebFluxTracingAutoConfiguration.class,
			LogfireHttpClientTracingAutoConfiguration.class, LogfireScrubbingAutoConfiguration.class,
			LogfireSamplingAutoConfiguration.class, LogfireProfilingAutoConfiguration.class,
			LogfirePendingSpansAutoConfiguration.class, LogfireHttpMetricsAutoConfiguration.class);

	private LogfireContextRunners() {
	}

	/** Boot's and our auto-configurations, console off (tests read the console explicitly). */
	public static ApplicationContextRunner full() {
		return new ApplicationContextRunner().withConfiguration(BOOT)
			.withConfiguration(LOGFIRE)
			.withPropertyValues("logfire.console.enabled=false", "logfire.export.schedule-delay=50ms");
	}

}
