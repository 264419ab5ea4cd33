package dev.logspring.logfire.autoconfigure;

import java.util.List;

import dev.logspring.logfire.config.LogfireConnectionDetails;
import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's beans replace ours: {@link LogfireTracingAutoConfiguration}. */
class BackOffTest {

	@Test
	void tracingBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireSampler", OwnSampler.class, Sampler.class);
		LogfireContextRunners.full()
			.withUserConfiguration(OwnSampler.class)
			.run((context) -> assertThat(context.getBean(SdkTracerProvider.class).getSampler())
				.isSameAs(context.getBean("ownSampler")));
	}

	@Test
	void tracingConnectionDetailsBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireConnectionDetails", OwnConnectionDetails.class,
				LogfireConnectionDetails.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConnectionDetails {

		@Bean
		LogfireConnectionDetails ownConnectionDetails() {
			return new LogfireConnectionDetails() {

				@Override
				public List<Endpoint> logfire() {
					return List.of();
				}

				@Override
				public Endpoint otlp() {
					return null;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSampler {

		@Bean
		Sampler ownSampler() {
			return Sampler.traceIdRatioBased(0.25);
		}

	}

}
