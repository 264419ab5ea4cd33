package dev.logspring.logfire.traced;

import java.util.concurrent.atomic.AtomicInteger;

import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's beans replace ours: {@link LogfireTracedAutoConfiguration}. */
class BackOffTest {

	@Test
	void tracedBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireTracedAdvisor", OwnAdvisor.class,
				TracedPointcutAdvisor.class);
		LogfireContextRunners.full().withUserConfiguration(OwnAdvisor.class).run((context) -> {
			assertThat(context.getBean(Greeter.class).greet()).isEqualTo("hello");
			assertThat(OwnAdvisor.calls).hasValue(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAdvisor {

		static final AtomicInteger calls = new AtomicInteger();

		/** Infrastructure, as ours: without AspectJ, Boot's auto-proxy creator applies only such advisors. */
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static TracedPointcutAdvisor ownAdvisor() {
			calls.set(0);
			MethodInterceptor counting = (invocation) -> {
				calls.incrementAndGet();
				return invocation.proceed();
			};
			return new TracedPointcutAdvisor(counting);
		}

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	static class Greeter {

		@Traced
		public String greet() {
			return "hello";
		}

	}

}
