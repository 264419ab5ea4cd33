package dev.logspring.sample.aot;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application processed ahead of time ({@code spring-boot:process-aot}, during
 * {@code prepare-package}) and started on the JVM with {@code spring.aot.enabled=true}, as a
 * native image would start: with no generated initializer it would not start at all. The
 * settings that decide where spans go and whether the console prints are given only now, as
 * environment variables, and are honoured: nothing about them was frozen at build time, when
 * there was no token, no endpoint and the console was on.
 */
class SampleApplicationAotIT {

	private static final String TOKEN = "pylf_v1_us_aotRunTimeToken";

	@Test
	void settingsGivenAtStartDecideWhereSpansGoAndWhetherTheConsolePrints() throws Exception {
		Path log = Path.of("target", "sample-app-aot.log");
		try (OtlpReceiver logfire = new OtlpReceiver(); OtlpReceiver otlp = new OtlpReceiver()) {
			ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> environment = builder.environment();
			environment.keySet().removeIf((name) -> name.startsWith("LOGFIRE_") || name.startsWith("OTEL_"));
			environment.put("LOGFIRE_TOKEN", TOKEN);
			environment.put("LOGFIRE_BASE_URL", logfire.baseUrl());
			environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.baseUrl());
			environment.put("LOGFIRE_CONSOLE", "false");
			Process application = builder.start();
			try {
				await().atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(200))
					.failFast("the application stopped", () -> !application.isAlive())
					.untilAsserted(() -> {
						assertThat(signUps(logfire)).hasSize(3);
						assertThat(signUps(otlp)).hasSize(3);
					});
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError("The processed application's output:%n%s".formatted(output(log)), ex);
			}
			finally {
				application.destroy();
				if (!application.waitFor(30, TimeUnit.SECONDS)) {
					application.destroyForcibly();
				}
			}
			// Each span once at each destination; Logfire's requests carry the run-time token.
			assertThat(signUps(logfire)).hasSize(3);
			assertThat(signUps(otlp)).hasSize(3);
			assertThat(signUps(logfire)).extracting((span) -> span.longValue("http.response.status_code"))
				.containsExactlyInAnyOrder(201L, 201L, 400L);
			assertThat(logfire.traceRequests()).isNotEmpty()
				.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo(TOKEN));
			assertThat(otlp.traceRequests()).isNotEmpty()
				.allSatisfy((request) -> assertThat(request.header("Authorization")).isNull());
			assertThat(signUps(logfire).get(0).resourceString("service.name")).isEqualTo("sample-app");
		}
		// The console, on when the application was processed, stays quiet as LOGFIRE_CONSOLE asks.
		assertThat(output(log)).doesNotContain("POST /users").doesNotContain("alice@example.com");
	}

	/** What process-aot wrote for a native image includes the starter's hints. */
	@Test
	void theStartersHintsAreInTheNativeImageMetadata() {
		JsonNode metadata = JsonMapper.shared()
			.readTree(Path.of(System.getProperty("sample.classes"), "META-INF", "native-image", "dev.logspring",
					"sample-app", "reachability-metadata.json"));
		assertThat(metadata.get("resources").findValuesAsString("glob")).contains(
				"dev/logspring/logfire/explorer/dashboard.html", "dev/logspring/logfire/llm/llm-prices.properties");
		assertThat(metadata.get("reflection").findValuesAsString("type"))
			.contains("dev.logspring.logfire.explorer.QueryResult", "reactor.core.publisher.Mono");
		// The sample's @Traced pipeline steps (their parameter names fill the span messages).
		JsonNode pipeline = metadata.get("reflection")
			.valueStream()
			.filter((entry) -> entry.path("type").asString().equals("dev.logspring.sample.pipeline.ChurnPipeline"))
			.findFirst()
			.orElseThrow();
		assertThat(pipeline.get("methods").findValuesAsString("name")).contains("load", "train");
	}

	private static List<String> command() throws IOException {
		String classes = System.getProperty("sample.classes");
		String dependencies = Files.readString(Path.of(System.getProperty("sample.runtime-classpath"))).trim();
		assertThat(Path.of(classes, "dev", "logspring", "sample", "SampleApplication__ApplicationContextInitializer.class"))
			.as("process-aot generated the application's initializer")
			.exists();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dspring.aot.enabled=true");
		command.add("-cp");
		command.add(classes + File.pathSeparator + dependencies);
		command.add("dev.logspring.sample.SampleApplication");
		command.add("--server.port=0");
		command.add("--logfire.export.schedule-delay=50ms");
		return command;
	}

	private static List<ReceivedSpan> signUps(OtlpReceiver receiver) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.span().getKind() == SpanKind.SPAN_KIND_SERVER && span.name().equals("POST /users"))
			.toList();
	}

	private static String output(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log) : "";
	}

}
