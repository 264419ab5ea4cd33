package dev.logspring.logfire.scrubbing;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's beans replace ours: {@link LogfireScrubbingAutoConfiguration}. */
class BackOffTest {

	@Test
	void scrubbingBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireSpanLimits", OwnLimits.class, SpanLimits.class);
		LogfireContextRunners.full()
			.withUserConfiguration(OwnLimits.class)
			.run((context) -> assertThat(context.getBean(SdkTracerProvider.class).getSpanLimits())
				.isSameAs(context.getBean("ownLimits")));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLimits {

		@Bean
		SpanLimits ownLimits() {
			return SpanLimits.builder().setMaxNumberOfAttributes(7).build();
		}

	}

}
