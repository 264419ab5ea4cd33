package dev.logspring.logfire.explorer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.testsupport.ExternalPrograms;
import dev.logspring.logfire.testsupport.OpenAiCompatibleServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard as a person sees it: Debian's Chromium (installed by
 * {@code .ci/install-chromium.sh}; missing, the test skips, or fails when {@code CI=true}) loads the page of an application serving real traffic; the
 * rendered page must show that traffic, and a screenshot is kept in
 * {@code target/explorer/dashboard.png}.
 */
@ExplorerApplicationTest
class ExplorerDashboardBrowserTest {

	private static String chromium;

	@LocalServerPort
	int port;

	@TempDir
	Path profiles;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void findChromium() {
		chromium = ExternalPrograms
			.require("run .ci/install-chromium.sh (as root) to run the dashboard browser test", "chromium",
					"chromium-browser", "google-chrome")
			.toString();
	}

	@Autowired
	RestClient.Builder restClients;

	@Test
	void dashboardShowsRealTrafficInChartsTablesTracesAndSql() throws Exception {
		generateTraffic(Duration.ofSeconds(7));
		callModels();
		String url = "http://127.0.0.1:" + this.port + "/logfire?minutes=1";
		await().atMost(Duration.ofSeconds(20)).until(() -> get("/logfire/api/routes?minutes=1").contains("GET /orders/{id}"));

		String dom = chromium("--dump-dom", url);

		assertThat(dom).contains("data-ready=\"true\"");
		String routes = section(dom, "id=\"routes\"", "id=\"alerts\"");
		assertThat(routes).contains("POST /users/", "GET /users/{email}", "GET /users/", "GET /orders/{id}");
		String charts = section(dom, "id=\"chart-rate\"", "id=\"legend\"");
		assertThat(charts).contains("<path").contains("req/min");
		assertThat(section(dom, "id=\"trace-list\"", "id=\"trace-tree\"")).contains("GET /users/");
		assertThat(section(dom, "id=\"trace-tree\"", "id=\"sql\"")).contains("class=\"tree-row\"");
		String sqlResult = section(dom, "id=\"sql-result\"", "</main>");
		assertThat(sqlResult).contains("id=\"sql-table\"", "request_count", "GET /orders/{id}");
		assertThat(section(dom, "id=\"alerts\"", "id=\"llm-panel\"")).contains("No alerts configured");
		String llm = section(dom, "id=\"llm-panel\"", "class=\"row traces\"");
		// Two models, one failed call, their tokens and cost, and the slowest calls linking to their traces.
		assertThat(section(llm, "id=\"llm-table\"", "</table>")).contains("gpt-4o-mini", "gpt-4o")
			.contains("badge error")
			.contains("$0.");
		assertThat(section(llm, "id=\"llm-slowest-table\"", "</table>")).contains("class=\"trace-link\"")
			.containsPattern("data-trace=\"[0-9a-f]{32}\"");

		// A span that recorded its thread's CPU time and allocations shows them in the trace tree.
		String usageTrace = get("/logfire/api/sql?q=" + java.net.URLEncoder.encode(
				"SELECT trace_id FROM records WHERE span_name = 'loading users' LIMIT 1", StandardCharsets.UTF_8))
			.replaceAll("(?s).*\"([0-9a-f]{32})\".*", "$1");
		String tree = section(chromium("--dump-dom", url + "&trace=" + usageTrace), "id=\"trace-tree\"", "id=\"sql\"");
		assertThat(tree).contains("loading users").containsPattern("class=\"usage\">[0-9.,]+ (ms|s) CPU · [0-9.,]+ (B|KB|MB) allocated");

		Path screenshot = Paths.get("target", "explorer", "dashboard.png").toAbsolutePath();
		Files.createDirectories(screenshot.getParent());
		Files.deleteIfExists(screenshot);
		chromium("--screenshot=" + screenshot, "--window-size=1440,1900", url);
		assertThat(screenshot).exists();
		assertThat(Files.size(screenshot)).isGreaterThan(20_000);
	}

	/**
	 * Chat completions through the application's own {@code RestClient.Builder} against a
	 * loopback OpenAI-compatible server: two models, one call failing.
	 */
	private void callModels() {
		try (OpenAiCompatibleServer model = new OpenAiCompatibleServer()) {
			RestClient client = this.restClients.baseUrl(model.baseUrl()).build();
			for (int i = 0; i < 6; i++) {
				String name = (i % 2 == 0) ? "gpt-4o-mini" : "gpt-4o";
				if (i == 3) {
					model.failNext(new OpenAiCompatibleServer.Error(500, "server_error", null, "The server had an error"));
				}
				try {
					client.post()
						.uri("/v1/chat/completions")
						.contentType(MediaType.APPLICATION_JSON)
						.body("{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi " + i + "\"}]}")
						.retrieve()
						.body(String.class);
				}
				catch (RestClientException ex) {
					// the failed call: recorded as an error
				}
			}
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> get("/logfire/api/llm?minutes=1").contains("gpt-4o-mini"));
	}

	/** The seed's requests, spread over a few seconds so the charts have several points. */
	private void generateTraffic(Duration duration) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		int i = 0;
		while (System.nanoTime() < end && i < 400) {
			String email = "user" + i + "@example.com";
			send("POST", "/users/", email);
			send("GET", "/users/" + email, null);
			send("GET", "/users/missing" + i + "@example.com", null);
			if (i % 3 == 0) {
				send("GET", "/users/", null);
			}
			if (i % 4 == 0) {
				send("GET", "/orders/" + i, null);
			}
			i++;
			// Paces simulated users: the store has no clock to move, and the charts need several time buckets.
			Thread.sleep(60);
		}
	}

	private void send(String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		this.http.send(request, HttpResponse.BodyHandlers.discarding());
	}

	private String get(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private String chromium(String... arguments) throws IOException, InterruptedException {
		Path profile = Files.createTempDirectory(this.profiles, "chromium-profile");
		List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile, "--hide-scrollbars", "--virtual-time-budget=8000"));
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile(this.profiles, "chromium", ".out");
		Process process = new ProcessBuilder(command).redirectErrorStream(false)
			.redirectOutput(output.toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("Chromium finished within 60 s").isTrue();
		}
		finally {
			process.destroyForcibly();
			FileSystemUtils.deleteRecursively(profile);
		}
		return Files.readString(output, StandardCharsets.UTF_8);
	}

	private static String section(String dom, String from, String to) {
		int start = dom.indexOf(from);
		assertThat(start).as("%s in the page", from).isNotNegative();
		int end = dom.indexOf(to, start);
		return dom.substring(start, (end > start) ? end : dom.length());
	}

}
