package dev.logspring.logfire.http;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without Spring Boot's observation auto-configuration (no {@code ObservationRegistry}): our
 * filter and interceptor create the spans and propagate the context themselves.
 */
class DistributedTracingWithoutObservationsTest extends AbstractDistributedTracingTest {

	@Override
	String serverSpanScope() {
		return "dev.logspring.logfire";
	}

	@Override
	String[] variantProperties() {
		// Boot's WebClient observation customizer and datasource-micrometer's DataSource proxy need a
		// registry: they go too (the proxy would otherwise fail every getConnection()).
		return new String[] { "spring.autoconfigure.exclude="
				+ "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration,"
				+ "org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration,"
				+ "net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration" };
	}

	@Test
	void noObservationRegistry() {
		assertThat(this.serviceA.getBeanProvider(ObservationRegistry.class).getIfAvailable()).isNull();
	}

}
