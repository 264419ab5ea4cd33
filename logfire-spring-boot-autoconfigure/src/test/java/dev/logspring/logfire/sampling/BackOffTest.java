package dev.logspring.logfire.sampling;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.sdk.common.Clock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's beans replace ours: {@link LogfireSamplingAutoConfiguration}. */
class BackOffTest {

	@Test
	void samplingBacksOff() {
		ApplicationContextRunner runner = LogfireContextRunners.full()
			.withPropertyValues("logfire.sampling.tail.enabled=true");
		BackOff.assertBacksOff(runner, "logfireTailSampling", OwnTailSampling.class, TailSamplingStage.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTailSampling {

		@Bean
		TailSamplingStage ownTailSampling() {
			return new TailSamplingStage(Level.ERROR, 1_000_000_000L, 0.0, 1000, 100, 5_000_000_000L,
					Clock.getDefault(), new OpenTraces(100));
		}

	}

}
