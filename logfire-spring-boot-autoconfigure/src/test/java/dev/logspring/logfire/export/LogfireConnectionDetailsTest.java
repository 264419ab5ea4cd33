package dev.logspring.logfire.export;

import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.config.LogfireConnectionDetails;
import dev.logspring.logfire.config.PropertiesLogfireConnectionDetails;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporters send where the {@link LogfireConnectionDetails} bean says: the starter's, built
 * from {@code logfire.*}, or the application's own (as a test container setup would declare).
 */
class LogfireConnectionDetailsTest {

	private static final String USER_TOKEN = "pylf_v1_eu_fromconnectiondetails0123";

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void theApplicationsConnectionDetailsAreWhatTheExportersUse() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=pylf_v1_us_fromproperties0123456789",
					"logfire.base-url=http://127.0.0.1:9")
			.withBean("ownConnectionDetails", LogfireConnectionDetails.class, () -> new LogfireConnectionDetails() {

				@Override
				public List<Endpoint> logfire() {
					return List.of(Endpoint.logfire(LogfireConnectionDetailsTest.this.receiver.baseUrl(), USER_TOKEN));
				}

				@Override
				public Endpoint otlp() {
					return null;
				}

			})
			.run((context) -> {
				assertThat(context).hasSingleBean(LogfireConnectionDetails.class)
					.doesNotHaveBean("logfireConnectionDetails");
				context.getBean(Logfire.class).info("sent {where}", Map.of("where", "to the user's endpoint"));
			});
		// Closing the context flushed the queue.
		assertThat(this.receiver.awaitSpanNamed("sent {where}").string("where")).isEqualTo("to the user's endpoint");
		assertThat(this.receiver.traceRequests()).allSatisfy((request) -> {
			assertThat(request.path()).isEqualTo("/v1/traces");
			assertThat(request.header("Authorization")).isEqualTo(USER_TOKEN);
		});
	}

	@Test
	void theStartersConnectionDetailsResolveTokensRegionAndEndpoint() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=pylf_v1_eu_first0123, legacy-token", "logfire.data-region=eu",
					"logfire.otlp.endpoint=http://collector:4318/", "logfire.otlp.headers.x-team=payments")
			.run((context) -> {
				LogfireConnectionDetails details = context.getBean(LogfireConnectionDetails.class);
				assertThat(details).isInstanceOf(PropertiesLogfireConnectionDetails.class);
				assertThat(details.logfire()).extracting(LogfireConnectionDetails.Endpoint::baseUrl)
					.containsExactly("https://logfire-eu.pydantic.dev", "https://logfire-eu.pydantic.dev");
				assertThat(details.logfire()).extracting((endpoint) -> endpoint.headers().get("Authorization"))
					.containsExactly("pylf_v1_eu_first0123", "legacy-token");
				assertThat(details.otlp().baseUrl()).isEqualTo("http://collector:4318");
				assertThat(details.otlp().headers()).isEqualTo(Map.of("x-team", "payments"));
				// Logged or printed, an endpoint shows no header: the token stays out of log lines.
				assertThat(details.logfire()).allSatisfy(
						(endpoint) -> assertThat(endpoint.toString()).doesNotContain("first0123", "legacy-token"));
			});
	}

}
