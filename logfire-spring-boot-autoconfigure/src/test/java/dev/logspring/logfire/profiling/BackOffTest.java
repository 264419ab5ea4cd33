package dev.logspring.logfire.profiling;

import java.time.Duration;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's profiler replaces ours: {@link LogfireProfilingAutoConfiguration}. */
class BackOffTest {

	@Test
	void profilingBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full().withPropertyValues("logfire.profiling.enabled=true"),
				"logfireSlowSpanProfiler", OwnProfiler.class, SlowSpanProfiler.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnProfiler {

		@Bean
		SlowSpanProfiler ownProfiler() {
			return new SlowSpanProfiler(
					new SlowSpanProfiler.Settings(Duration.ofMillis(500), Duration.ofMillis(20), 10, 1024, 256), () -> null);
		}

	}

}
