package dev.logspring.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as the README runs it, on a machine with no token, no key and no network: the three
 * scenarios run at startup, scenario 3 against the stand-in the app serves (and says so), and the
 * explorer the app serves at /logfire shows them, the pipeline's slowest step with its CPU time,
 * allocations and hot methods, and the LLM panel.
 */
@ExtendWith(OutputCaptureExtension.class)
class OfflineDemoTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void allThreeScenariosRunOfflineAndTheExplorerShowsThem(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.properties("logfire.export.schedule-delay=50ms")
			// Arguments, not default properties: application.yml's own values must give way.
			.run("--server.port=0", "--demo.llm.base-url=")) {
			String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
			assertThat(output).contains("runs against a STAND-IN chat-completions endpoint served by this app at "
					+ base + "/stand-in/v1");
			assertThat(get(base + "/logfire")).contains("Logfire explorer");

			// Scenario 3: three calls to the stand-in, with tokens and a cost from the price table.
			JsonNode model = await().atMost(Duration.ofSeconds(30)).until(() -> {
				JsonNode models = JSON.readTree(get(base + "/logfire/api/llm?minutes=15")).path("models");
				return (models.path("rows").size() > 0) ? row(models, 0) : null;
			}, (row) -> row != null && row.path("calls").asLong() == 3);
			assertThat(model.path("model").asString()).isEqualTo("gpt-4o-mini");
			assertThat(model.path("input_tokens").asLong()).isPositive();
			assertThat(model.path("cost").asDouble()).isPositive();
			assertThat(model.path("errors").asLong()).isZero();

			// Scenario 1: the slowest step's CPU time and allocations, and its hot methods a flush later.
			JsonNode training = row(sql(base, "SELECT span_id, attributes->>'$.\"thread.cpu_time_ns\"' AS cpu, "
					+ "attributes->>'$.\"thread.allocated_bytes\"' AS allocated FROM records "
					+ "WHERE span_name = 'model training'"), 0);
			assertThat(Long.parseLong(training.path("cpu").asString())).isPositive();
			assertThat(Long.parseLong(training.path("allocated").asString())).isPositive();
			String hotMethods = "SELECT message FROM records WHERE kind = 'log' AND parent_span_id = '"
					+ training.path("span_id").asString() + "' AND msg_template LIKE 'hot methods of %'";
			JsonNode hot = await().atMost(Duration.ofSeconds(30))
				.until(() -> sql(base, hotMethods), (result) -> result.path("rows").size() == 1);
			assertThat(row(hot, 0).path("message").asString()).startsWith("hot methods of model training")
				.contains(": dev.logspring.sample.pipeline.LogisticRegression.");

			// Scenario 2: the user API's requests.
			assertThat(get(base + "/logfire/api/routes?minutes=15")).contains("POST /users", "GET /users/{email}");
		}
	}

	private JsonNode sql(String base, String query) throws Exception {
		return JSON.readTree(get(base + "/logfire/api/sql?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
	}

	/** Row {@code index} of a query result as an object keyed by column. */
	private static JsonNode row(JsonNode result, int index) {
		var row = JSON.createObjectNode();
		JsonNode columns = result.path("columns");
		for (int i = 0; i < columns.size(); i++) {
			row.set(columns.get(i).asString(), result.path("rows").path(index).path(i));
		}
		return row;
	}

	private String get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return response.body();
	}

}
