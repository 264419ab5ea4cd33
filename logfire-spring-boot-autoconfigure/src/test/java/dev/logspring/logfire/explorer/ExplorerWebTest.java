package dev.logspring.logfire.explorer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The explorer in a running application: real requests to the seed's user API end up in the
 * {@code records} table, and the dashboard's API and SQL endpoint show them.
 */
@ExplorerApplicationTest
class ExplorerWebTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode json(String path) throws Exception {
		HttpResponse<String> response = send("GET", path, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private JsonNode sql(String sql) throws Exception {
		return json("/logfire/api/sql?q=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
	}

	@Test
	void seedQueryCountsRealRequestsPerEndpoint() throws Exception {
		String marker = Long.toHexString(System.nanoTime());
		for (int i = 0; i < 5; i++) {
			assertThat(send("POST", "/users/", marker + i + "@example.com").statusCode()).isEqualTo(201);
		}
		assertThat(send("POST", "/users/", marker + "0@example.com").statusCode()).isEqualTo(400);
		for (int i = 0; i < 3; i++) {
			assertThat(send("GET", "/users/" + marker + i + "@example.com", null).statusCode()).isEqualTo(200);
		}
		assertThat(send("GET", "/users/nobody-" + marker + "@example.com", null).statusCode()).isEqualTo(404);
		for (int i = 0; i < 4; i++) {
			assertThat(send("GET", "/orders/" + i, null).statusCode()).isEqualTo(500);
		}

		// Other tests share this application: count what this test sent, by its marker.
		String mine = "(url_path LIKE '/users/" + marker + "%' OR url_path LIKE '/users/nobody-" + marker + "%' "
				+ "OR http_route <> '/users/{email}')";
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode result = sql(ExplorerQueries.seedQuery("user-api").replace("GROUP BY", "AND " + mine + " GROUP BY"));
			assertThat(endpoint(result, "GET /users/{email}")).containsExactly(4, 0);
			assertThat(endpoint(result, "GET /orders/{id}").get(0)).isGreaterThanOrEqualTo(4);
			assertThat(endpoint(result, "GET /orders/{id}").get(1)).isEqualTo(endpoint(result, "GET /orders/{id}").get(0));
			assertThat(endpoint(result, "POST /users/").get(0)).isGreaterThanOrEqualTo(6);
		});
	}

	/** [request_count, error_count] of one endpoint in the seed query's result. */
	private static java.util.List<Integer> endpoint(JsonNode result, String endpoint) {
		for (JsonNode row : result.get("rows")) {
			if (row.get(0).asString().equals(endpoint)) {
				return java.util.List.of(row.get(1).asInt(), row.get(4).asInt());
			}
		}
		return java.util.List.of(0, 0);
	}

	@Test
	void traceTreeShowsTheRequestAndTheSpansInsideIt() throws Exception {
		assertThat(send("GET", "/users/", null).statusCode()).isEqualTo(200);

		String traceId = await().atMost(Duration.ofSeconds(20)).until(() -> {
			JsonNode rows = sql("SELECT trace_id FROM records WHERE span_name = 'loading users' "
					+ "ORDER BY start_timestamp DESC LIMIT 1").get("rows");
			return rows.isEmpty() ? null : rows.get(0).get(0).asString();
		}, (id) -> id != null);
		JsonNode tree = await().atMost(Duration.ofSeconds(20))
			.until(() -> json("/logfire/api/traces/" + traceId), (t) -> t.get("rows").size() >= 3);

		JsonNode columns = tree.get("columns");
		int name = indexOf(columns, "span_name");
		int depth = indexOf(columns, "depth");
		int kind = indexOf(columns, "kind");
		JsonNode rows = tree.get("rows");
		assertThat(rows.get(0).get(name).asString()).contains("/users/");
		assertThat(rows.get(0).get(depth).asInt()).isZero();
		assertThat(rows.get(1).get(name).asString()).isEqualTo("loading users");
		assertThat(rows.get(1).get(depth).asInt()).isEqualTo(1);
		assertThat(rows.get(2).get(kind).asString()).isEqualTo("log");
		assertThat(rows.get(2).get(depth).asInt()).isEqualTo(2);

		JsonNode traces = json("/logfire/api/traces?limit=50");
		assertThat(traces.get("rows").toString()).contains(traceId);
	}

	private static int indexOf(JsonNode columns, String name) {
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i).asString().equals(name)) {
				return i;
			}
		}
		throw new AssertionError("no column " + name + " in " + columns);
	}

	@Test
	void sqlEndpointRefusesWritesAndExplainsBadSql() throws Exception {
		HttpResponse<String> drop = send("POST", "/logfire/api/sql", "DROP TABLE records");
		assertThat(drop.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(drop.body()).get("error").asString()).contains("Only SELECT queries are allowed");

		HttpResponse<String> insert = send("GET", "/logfire/api/sql?q="
				+ URLEncoder.encode("INSERT INTO records (trace_id) VALUES ('x')", StandardCharsets.UTF_8), null);
		assertThat(insert.statusCode()).isEqualTo(400);

		HttpResponse<String> typo = send("POST", "/logfire/api/sql", "SELEC * FROM records");
		assertThat(typo.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(typo.body()).get("error").asString()).startsWith("Invalid SQL:");

		assertThat(sql("SELECT count(*) FROM records").get("rows").get(0).get(0).asLong()).isNotNegative();
	}

	@Test
	void requestsFromOtherMachinesOrForeignHostsAreRefused() throws Exception {
		assertThat(send("GET", "/logfire/api/info", null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/logfire/api/info", null, "X-Forwarded-For", "203.0.113.7").statusCode())
			.isEqualTo(403);
		assertThat(send("GET", "/logfire/api/info", null, "Forwarded", "for=198.51.100.2;proto=https").statusCode())
			.isEqualTo(403);
		assertThat(send("GET", "/logfire", null, "X-Forwarded-For", "127.0.0.1, 192.0.2.1").statusCode())
			.isEqualTo(403);
	}

	@Test
	void dashboardPageIsSelfContained() throws Exception {
		HttpResponse<String> page = send("GET", "/logfire", null);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<title>Logfire explorer</title>")
			.doesNotContain("<script src")
			.doesNotContain("<link ")
			.doesNotContainPattern("(src|href)=\"(https?:)?//");
	}

}
