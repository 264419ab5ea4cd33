package dev.logspring.logfire.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full application given {@code OTEL_EXPORTER_OTLP_ENDPOINT} next to a Logfire token, as real
 * environment variables (Spring Boot 4.1 maps them for its own exporters too): each span, log and
 * metric arrives once at the OTLP endpoint and once at Logfire, and nothing goes to OpenTelemetry's
 * default endpoint.
 */
class OtelEnvironmentVariablesTest {

	private final OtlpReceiver otlp = new OtlpReceiver();

	private final OtlpReceiver logfire = new OtlpReceiver();

	@AfterEach
	void close() {
		this.otlp.close();
		this.logfire.close();
	}

	@Test
	void eachSpanLogAndMetricArrivesOnceAtEachDestination(@TempDir Path dir) throws Exception {
		try (OtlpReceiver defaultEndpoint = receiverOnDefaultPortIfFree()) {
			// Named, so that what other processes on this machine send to localhost:4318 is told apart.
			String service = "env-vars-" + UUID.randomUUID();
			int exit = run(dir, "OTEL_SERVICE_NAME=" + service, "OTEL_EXPORTER_OTLP_ENDPOINT=" + this.otlp.baseUrl(),
					"LOGFIRE_TOKEN=pylf_v1_us_envsecret", "LOGFIRE_BASE_URL=" + this.logfire.baseUrl());
			assertThat(exit).as(Files.readString(dir.resolve("out.txt"))).isZero();
			for (OtlpReceiver receiver : List.of(this.otlp, this.logfire)) {
				assertThat(names(receiver.spans())).filteredOn((name) -> name.equals("step {i}")).hasSize(5);
				assertThat(names(receiver.spans())).as("spans: %s", names(receiver.spans()))
					.filteredOn((name) -> name.equals("a log line"))
					.hasSize(1);
				assertThat(receiver.metrics()).filteredOn((metric) -> metric.getName().equals("env.orders")).hasSize(1);
				// Every request came from our exporters: no second exporter of Boot's.
				assertThat(receiver.requests())
					.allSatisfy((request) -> assertThat(request.header("User-Agent")).startsWith("logfire-spring-boot-starter/"));
			}
			assertThat(this.otlp.requests()).noneMatch((request) -> "pylf_v1_us_envsecret".equals(request.header("Authorization")));
			if (defaultEndpoint != null) {
				assertThat(defaultEndpoint.attempts())
					.noneMatch((request) -> new String(request.body(), StandardCharsets.ISO_8859_1).contains(service));
			}
		}
	}

	private static List<String> names(List<ReceivedSpan> spans) {
		return spans.stream().map(ReceivedSpan::name).toList();
	}

	/** OpenTelemetry's default endpoint, localhost:4318, watched where this machine leaves it free. */
	private static OtlpReceiver receiverOnDefaultPortIfFree() {
		try (ServerSocket probe = new ServerSocket(4318)) {
			probe.setReuseAddress(true);
		}
		catch (IOException ex) {
			return null;
		}
		return new OtlpReceiver(4318);
	}

	private static int run(Path dir, String... environment) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				OtelEnvironmentVariablesApplication.class.getName());
		builder.environment().keySet().removeIf((name) -> name.startsWith("OTEL_") || name.startsWith("LOGFIRE_"));
		for (String variable : environment) {
			int equals = variable.indexOf('=');
			builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
		}
		File out = dir.resolve("out.txt").toFile();
		Process process = builder.redirectErrorStream(true).redirectOutput(out).start();
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("The application did not stop within 90 s:\n" + Files.readString(out.toPath()));
		}
		return process.exitValue();
	}

}
