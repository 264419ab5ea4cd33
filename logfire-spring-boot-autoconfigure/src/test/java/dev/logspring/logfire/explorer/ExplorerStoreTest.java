package dev.logspring.logfire.explorer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.logspring.logfire.testsupport.GeneratedTraffic;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The store against generated traffic whose numbers are known: the seed's query, the trace
 * tree, the read-only SQL endpoint and its bounds.
 */
class ExplorerStoreTest {

	private final GeneratedTraffic traffic = new GeneratedTraffic("user-api");

	private final GeneratedTraffic otherService = new GeneratedTraffic("billing");

	private ExplorerStore store;

	@AfterEach
	void close() {
		this.traffic.close();
		this.otherService.close();
		if (this.store != null) {
			this.store.close();
		}
	}

	private ExplorerStore store(LogfireExplorerProperties properties) {
		this.store = new ExplorerStore(properties);
		return this.store;
	}

	private ExplorerStore store() {
		return store(new LogfireExplorerProperties());
	}

	@Test
	void seedQueryGivesCountAverageP95AndServerErrorsPerEndpointForOneServiceOverTheLastHour() {
		Random random = new Random(42);
		String[] routes = { "POST /users/", "GET /users/{email}", "GET /users/" };
		Instant now = Instant.now();
		Map<String, List<Double>> durations = new HashMap<>();
		Map<String, Integer> serverErrors = new HashMap<>();
		List<SpanData> spans = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			String endpoint = routes[random.nextInt(routes.length)];
			String[] parts = endpoint.split(" ");
			int status = switch (random.nextInt(20)) {
				case 0 -> 500;
				case 1 -> 503;
				case 2 -> 404;
				case 3 -> 400;
				default -> 200;
			};
			double durationMs = 1 + random.nextDouble() * 200;
			boolean recent = random.nextInt(10) != 0;
			Instant start = recent ? now.minusSeconds(random.nextInt(3500)) : now.minusSeconds(3700 + random.nextInt(3000));
			spans.add(this.traffic.request(parts[0], parts[1], parts[1], status, start, durationMs));
			// Same routes from another service, and internal spans without a route: not counted.
			spans.add(this.otherService.request(parts[0], parts[1], parts[1], 500, start, durationMs * 3));
			if (recent) {
				durations.computeIfAbsent(endpoint, (k) -> new ArrayList<>()).add(durationMs);
				serverErrors.merge(endpoint, (status >= 500) ? 1 : 0, Integer::sum);
			}
		}
		Span root = this.traffic.serverSpan("GET", "/users/", "/users/", 200, now, null);
		spans.add(this.traffic.end(this.traffic.child("loading users", root, now), now, 5));
		ExplorerStore store = store();
		store.ingest(spans);

		QueryResult result = store.query(ExplorerQueries.seedQuery("user-api"));

		assertThat(result.columns()).containsExactly("endpoint", "request_count", "avg_latency", "p95_latency",
				"error_count");
		assertThat(result.rows()).hasSize(routes.length);
		double previousAverage = Double.MAX_VALUE;
		for (List<Object> row : result.rows()) {
			List<Double> expected = durations.get((String) row.get(0));
			assertThat(((Number) row.get(1)).longValue()).isEqualTo(expected.size());
			double average = expected.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
			assertThat(((Number) row.get(2)).doubleValue()).isCloseTo(average, within(0.001));
			assertThat(((Number) row.get(3)).doubleValue()).isCloseTo(percentile(expected, 0.95), within(0.001));
			assertThat(((Number) row.get(4)).longValue()).isEqualTo(serverErrors.get((String) row.get(0)).longValue());
			assertThat(average).isLessThanOrEqualTo(previousAverage);
			previousAverage = average;
		}
	}

	/** Linear interpolation between closest ranks, as DuckDB's quantile_cont. */
	private static double percentile(List<Double> values, double fraction) {
		List<Double> sorted = values.stream().sorted().toList();
		double position = (sorted.size() - 1) * fraction;
		int below = (int) Math.floor(position);
		int above = Math.min(below + 1, sorted.size() - 1);
		return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * (position - below);
	}

	@Test
	void traceTreeListsSpansDepthFirstWithDepthOffsetAndDuration() {
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Span request = this.traffic.serverSpan("POST", "/users/", "/users/", 201, start, null);
		Span validate = this.traffic.child("validating user", request, start.plusMillis(2));
		Span save = this.traffic.child("saving user", request, start.plusMillis(10));
		Span insert = this.traffic.child("INSERT users", save, start.plusMillis(12));
		List<SpanData> spans = List.of(this.traffic.end(validate, start.plusMillis(2), 5),
				this.traffic.end(insert, start.plusMillis(12), 20), this.traffic.end(save, start.plusMillis(10), 30),
				this.traffic.end(request, start, 45));
		// An unrelated trace must not leak in.
		SpanData other = this.traffic.request("GET", "/users/", "/users/", 200, start, 3);
		ExplorerStore store = store();
		store.ingest(List.of(other));
		store.ingest(spans);

		QueryResult tree = new ExplorerQueries(store).traceTree(request.getSpanContext().getTraceId());

		List<String> names = column(tree, "span_name");
		assertThat(names).containsExactly("POST /users/", "validating user", "saving user", "INSERT users");
		assertThat(column(tree, "depth")).containsExactly(0, 1, 1, 2);
		assertThat(column(tree, "offset_ms")).containsExactly(0.0, 2.0, 10.0, 12.0);
		assertThat(column(tree, "duration_ms")).containsExactly(45.0, 5.0, 30.0, 20.0);
		assertThat(column(tree, "parent_span_id")).containsExactly(null, request.getSpanContext().getSpanId(),
				request.getSpanContext().getSpanId(), save.getSpanContext().getSpanId());

		QueryResult recent = new ExplorerQueries(store).recentTraces(10);
		int row = column(recent, "trace_id").indexOf(request.getSpanContext().getTraceId());
		assertThat(recent.rows().get(row).get(recent.columns().indexOf("span_count"))).isEqualTo(4L);
		assertThat(recent.rows().get(row).get(recent.columns().indexOf("root_span_name"))).isEqualTo("POST /users/");
		assertThat(recent.rows().get(row).get(recent.columns().indexOf("duration_ms"))).isEqualTo(45.0);
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> column(QueryResult result, String name) {
		int index = result.columns().indexOf(name);
		assertThat(index).as("column %s in %s", name, result.columns()).isNotNegative();
		List<T> values = new ArrayList<>();
		result.rows().forEach((row) -> values.add((T) row.get(index)));
		return values;
	}

	@ParameterizedTest
	@ValueSource(strings = { "INSERT INTO records (trace_id, span_id, start_timestamp, end_timestamp) "
			+ "VALUES ('a', 'b', now(), now())", "UPDATE records SET span_name = 'x'", "DELETE FROM records",
			"DROP TABLE records", "CREATE TABLE stolen AS SELECT * FROM records", "ALTER TABLE records ADD COLUMN x INT",
			"TRUNCATE records", "SET lock_configuration = false", "PRAGMA enable_profiling",
			"COPY records TO '/tmp/records.csv'", "ATTACH '/tmp/other.db' AS other", "CHECKPOINT",
			"SELECT 1; DROP TABLE records", "CALL pragma_version()", "INSTALL httpfs" })
	void writesDdlAndSettingsAreRefusedByTheParser(String sql) {
		ExplorerStore store = store();
		store.ingest(List.of(this.traffic.request("GET", "/users/", "/users/", 200, Instant.now(), 3)));

		assertThatThrownBy(() -> store.query(sql)).isInstanceOf(ExplorerQueryException.class)
			.hasMessageContaining("Only SELECT queries are allowed");

		assertThat(store.query("SELECT count(*) AS n, max(span_name) AS name FROM records").rows())
			.containsExactly(List.of(1L, "GET /users/"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM read_csv('/etc/passwd')",
			"SELECT * FROM query('DROP TABLE records')", "SELECT * FROM glob('/*')" })
	void selectsCannotReachFilesOrRunOtherStatements(String sql) {
		ExplorerStore store = store();

		assertThatThrownBy(() -> store.query(sql)).isInstanceOf(ExplorerQueryException.class)
			.hasMessageStartingWith("Query failed:");
		assertThat(store.query("SELECT count(*) FROM records").rows()).containsExactly(List.of(0L));
	}

	@Test
	void invalidSqlIsReportedWithTheParsersMessage() {
		ExplorerStore store = store();

		assertThatThrownBy(() -> store.query("SELEC span_name FROM records")).isInstanceOf(ExplorerQueryException.class)
			.hasMessageStartingWith("Invalid SQL:")
			.hasMessageContaining("syntax error at or near \"SELEC\"");
		assertThatThrownBy(() -> store.query("SELECT nope FROM records")).isInstanceOf(ExplorerQueryException.class)
			.hasMessageStartingWith("Query failed:")
			.hasMessageContaining("nope");
		assertThatThrownBy(() -> store.query("SELECT 1; SELECT 2")).isInstanceOf(ExplorerQueryException.class)
			.hasMessageContaining("Exactly one SELECT query");
		assertThatThrownBy(() -> store.query("  ")).isInstanceOf(ExplorerQueryException.class)
			.hasMessageContaining("Type a SELECT query");
	}

	@Test
	void resultsAreCutAtMaxRowsAndSlowQueriesAreCancelled() {
		LogfireExplorerProperties properties = new LogfireExplorerProperties();
		properties.getQuery().setMaxRows(10);
		properties.getQuery().setTimeout(Duration.ofMillis(300));
		ExplorerStore store = store(properties);

		QueryResult result = store.query("SELECT range AS n FROM range(100)");
		assertThat(result.rows()).hasSize(10);
		assertThat(result.truncated()).isTrue();
		assertThat(store.query("SELECT range AS n FROM range(10)").truncated()).isFalse();

		long started = System.nanoTime();
		assertThatThrownBy(() -> store.query("SELECT count(*) FROM range(100000000) a, range(100000000) b"))
			.isInstanceOf(ExplorerQueryException.class)
			.hasMessageContaining("ran longer than 300 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

}
