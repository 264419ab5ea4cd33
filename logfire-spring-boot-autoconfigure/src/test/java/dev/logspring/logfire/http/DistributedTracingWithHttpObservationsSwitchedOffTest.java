package dev.logspring.logfire.http;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's observation filter and client observations installed but switched off by property
 * ({@code management.observations.enable.http=false}): they observe nothing, so our filter and
 * interceptor create the spans.
 */
class DistributedTracingWithHttpObservationsSwitchedOffTest extends AbstractDistributedTracingTest {

	@Override
	String serverSpanScope() {
		return "dev.logspring.logfire";
	}

	@Override
	String[] variantProperties() {
		return new String[] { "management.observations.enable.http=false" };
	}

	@Test
	void bootsObservationFilterIsInstalled() {
		assertThat(this.serviceA.getBean(ObservationRegistry.class).isNoop()).isFalse();
		assertThat(this.serviceA.getBeansOfType(FilterRegistrationBean.class).values())
			.anyMatch((registration) -> registration.getFilter() instanceof ServerHttpObservationFilter);
	}

}
