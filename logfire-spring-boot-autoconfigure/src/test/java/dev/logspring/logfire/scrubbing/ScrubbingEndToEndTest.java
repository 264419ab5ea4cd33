package dev.logspring.logfire.scrubbing;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.ScrubbingCallback;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What users see: secrets planted by generated spans (the same generators as
 * {@link ScrubbingPropertiesTest}), by the Logfire API and by {@code @Traced} arguments reach
 * neither Logfire's OTLP endpoint, nor Boot's own OTLP exporter (which the starter does not
 * create), nor a {@code SpanExporter} bean, nor the console.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScrubbingEndToEndTest {

	private static final SpanContext LINKED = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
			"b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

	private static final int RECIPES = 60;

	public static class Accounts {

		@Traced(value = "login {user} with {password}", recordReturn = true)
		public String login(String user, String password) {
			return "{\"session\":\"" + password.toUpperCase() + "\"}";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

		@Bean
		Accounts accounts() {
			return new Accounts();
		}

	}

	private ApplicationContextRunner runner(OtlpReceiver logfire, OtlpReceiver bootOtlp) {
		return LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(OtlpTracingAutoConfiguration.class))
			.withUserConfiguration(Config.class)
			.withPropertyValues("logfire.token=pylf_v1_us_x", "logfire.base-url=" + logfire.baseUrl(),
					"management.opentelemetry.tracing.export.otlp.endpoint=" + bootOtlp.baseUrl() + "/v1/traces",
					"logfire.console.enabled=true", "logfire.console.verbose=true", "logfire.console.colors=never",
					"logfire.console.min-level=trace");
	}

	@Test
	void plantedSecretsReachNoConsumerWithDefaultPatterns(CapturedOutput output) {
		assertNoConsumerSeesASecret(false, output);
	}

	@Test
	void plantedSecretsReachNoConsumerWithExtraPatterns(CapturedOutput output) {
		assertNoConsumerSeesASecret(true, output);
	}

	private void assertNoConsumerSeesASecret(boolean extras, CapturedOutput output) {
		List<PlantedSecrets.Recipe> recipes = PlantedSecrets.recipes(extras).sampleStream().limit(RECIPES).toList();
		try (OtlpReceiver logfire = new OtlpReceiver(); OtlpReceiver bootOtlp = new OtlpReceiver()) {
			RecordingSpanExporter[] exporter = new RecordingSpanExporter[1];
			// The extra patterns go through both property names, as the article writes one of them.
			runner(logfire, bootOtlp)
				.withPropertyValues(extras ? new String[] { "logfire.scrubbing.extra-patterns[0]=sk-[a-z0-9]{12,}",
						"logfire.scrubbing.scrub-fields[0]=iban" } : new String[0])
				.run((context) -> {
					Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
					recipes.forEach((recipe) -> recipe.record(tracer, LINKED));
					exporter[0] = context.getBean(RecordingSpanExporter.class);
				});
			// Closing the context flushed every consumer.
			assertThat(logfire.spans()).hasSize(RECIPES);
			assertThat(bootOtlp.spans()).hasSize(RECIPES);
			assertThat(exporter[0].spans()).hasSize(RECIPES);
			assertThat(logfire.spans()).allMatch((span) -> span.string("logfire.scrubbed") != null);
			byte[] logfireBytes = bodies(logfire);
			byte[] bootBytes = bodies(bootOtlp);
			byte[] recorded = ScrubbingPropertiesTest.otlp(exporter[0].spans());
			assertThat(output.getOut()).contains("planted");
			for (PlantedSecrets.Recipe recipe : recipes) {
				assertThat(recipe.leakedIn(logfireBytes)).as("Logfire endpoint, %s", recipe).isNull();
				assertThat(recipe.leakedIn(bootBytes)).as("Boot's OTLP exporter, %s", recipe).isNull();
				assertThat(recipe.leakedIn(recorded)).as("SpanExporter bean, %s", recipe).isNull();
				assertThat(recipe.leakedIn(output.getOut())).as("console, %s", recipe).isNull();
			}
		}
	}

	@Test
	void logfireApiAndTracedArgumentsAreScrubbedInAttributesAndMessages(CapturedOutput output) {
		String secret = "h7Tq2mZ9xK4vB8nL";
		try (OtlpReceiver logfire = new OtlpReceiver(); OtlpReceiver bootOtlp = new OtlpReceiver()) {
			runner(logfire, bootOtlp).run((context) -> {
				context.getBean(Accounts.class).login("alice", secret);
				Logfire api = context.getBean(Logfire.class);
				api.info("token {api_key} accepted", Map.of("api_key", secret));
				api.warn("request {body}", Map.of("body", Map.of("user", "alice", "password", secret)));
				api.exception("payment failed", new IllegalStateException("card rejected: secret=" + secret));
			});
			OtlpReceiver.ReceivedSpan traced = logfire.awaitSpanNamed("login {user} with {password}");
			assertThat(traced.string("logfire.msg")).isEqualTo("login alice with [Scrubbed due to 'password']");
			assertThat(traced.string("password")).isEqualTo("[Scrubbed due to 'password']");
			assertThat(traced.string("return")).isEqualTo("{\"session\":\"[Scrubbed due to 'session']\"}");
			assertThat(traced.string("user")).isEqualTo("alice");
			OtlpReceiver.ReceivedSpan log = logfire.awaitSpanNamed("token {api_key} accepted");
			assertThat(log.string("logfire.msg")).isEqualTo("token [Scrubbed due to 'api_key'] accepted");
			assertThat(log.string("logfire.scrubbed")).contains("{\"path\":[\"attributes\",\"api_key\"],"
					+ "\"matched_substring\":\"api_key\"}", "{\"path\":[\"message\",\"api_key\"]");
			OtlpReceiver.ReceivedSpan warn = logfire.awaitSpanNamed("request {body}");
			assertThat(warn.string("body")).contains("\"user\":\"alice\"", "\"password\":\"[Scrubbed due to 'password']\"");
			OtlpReceiver.ReceivedSpan failed = logfire.awaitSpanNamed("payment failed");
			assertThat(failed.span().getStatus().getMessage())
				.isEqualTo("IllegalStateException: card rejected: secret=[Scrubbed due to 'secret']");
			for (byte[] bytes : List.of(bodies(logfire), bodies(bootOtlp))) {
				assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(secret,
						secret.toUpperCase());
			}
			assertThat(output.getOut()).contains("login alice with [Scrubbed due to 'password']",
					"card rejected: secret=[Scrubbed due to 'secret']")
				.doesNotContain(secret);
		}
	}

	@Test
	void aCallbackBeanKeepsFalsePositives() {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		LogfireContextRunners.full()
			.withBean(RecordingSpanExporter.class, () -> exporter)
			.withBean(ScrubbingCallback.class,
					() -> (match) -> "session_count".equals(match.key()) ? match.value() : null)
			.run((context) -> context.getBean(Logfire.class)
				.info("visits", Map.of("session_count", 3, "session_id", "a81f")));
		SpanData log = exporter.awaitSpanNamed("visits");
		assertThat(log.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("session_count")))
			.isEqualTo(3L);
		assertThat(log.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("session_id")))
			.isEqualTo("[Scrubbed due to 'session']");
	}

	@Test
	void scrubbingCanBeTurnedOffButLimitsStay() {
		RecordingSpanExporter exporter = new RecordingSpanExporter();
		LogfireContextRunners.full()
			.withBean(RecordingSpanExporter.class, () -> exporter)
			.withPropertyValues("logfire.scrubbing.enabled=false", "logfire.max-event-size=64")
			.run((context) -> context.getBean(Logfire.class)
				.info("login", Map.of("password", "hunter2", "note", "x".repeat(500))));
		SpanData log = exporter.awaitSpanNamed("login");
		assertThat(log.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("password")))
			.isEqualTo("hunter2");
		assertThat(log.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("note")))
			.hasSize(64)
			.endsWith("...[truncated]");
	}

	private static byte[] bodies(OtlpReceiver receiver) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		receiver.traceRequests().forEach((request) -> all.writeBytes(request.body()));
		return all.toByteArray();
	}

}
