package dev.logspring.logfire.logging;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's beans replace ours: {@link LogfireLoggingAutoConfiguration}. */
class BackOffTest {

	@Test
	void loggingBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireMdcCorrelationListener", OwnMdcListener.class,
				MdcCorrelationListener.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMdcListener {

		@Bean
		MdcCorrelationListener ownMdcListener() {
			return new MdcCorrelationListener();
		}

	}

}
