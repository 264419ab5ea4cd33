package dev.logspring.logfire.compatibility;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.Response;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose build imports the OpenTelemetry instrumentation BOM before Spring Boot's:
 * that BOM's SDK (newer than the one Boot manages) and instrumentation libraries run the starter,
 * which starts, exports spans and metrics, and sends with its own sender (the SDK has the public
 * sender SPI), honouring {@code Retry-After}.
 */
class InstrumentationBomApplicationTest {

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void close() {
		this.receiver.close();
	}

	@Test
	void theStarterRunsOnTheBomsVersions() {
		assertThat(Resource.getDefault().getAttributes().asMap().toString()).contains("telemetry.sdk.version=1.65");
		// Only our own sender reports Retry-After: the second attempt waits for it.
		this.receiver.respondWith((request) -> (this.receiver.attempts().size() == 1)
				? Response.status(503).withHeader("Retry-After", "2") : Response.ok());
		SpringApplication application = new SpringApplication(Application.class);
		application.setDefaultProperties(Map.of("spring.main.web-application-type", "none", "logfire.console.enabled",
				"false", "logfire.token", "pylf_v1_us_bomsecret", "logfire.base-url", this.receiver.baseUrl(),
				"logfire.explorer.enabled", "false"));
		try (ConfigurableApplicationContext context = application.run()) {
			Logfire logfire = context.getBean(Logfire.class);
			logfire.info("order {id} placed", Map.of("id", 42));
			logfire.counter("bom.orders").record(1);
			this.receiver.awaitSpanNamed("order {id} placed");
		}
		assertThat(this.receiver.metrics()).extracting("name").contains("bom.orders");
		assertThat(this.receiver.traceRequests().get(0).receivedAt())
			.isAfterOrEqualTo(this.receiver.attempts().get(0).receivedAt().plusMillis(1900));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
