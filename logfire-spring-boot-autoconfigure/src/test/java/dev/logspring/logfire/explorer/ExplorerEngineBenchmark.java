package dev.logspring.logfire.explorer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.testsupport.GeneratedTraffic;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Measurements behind the explorer's engine choice, not a test (tagged {@code benchmark},
 * excluded from the default run). Prints DuckDB's ingest rate through the real store, the
 * seed's query over 1,000,000 stored spans, the same two with H2 (pure Java), and the cost of
 * the explorer to the threads that create spans, as a ratio to the same run without it.
 * <p>
 * Run with: {@code ./mvnw -B -q test -pl logfire-spring-boot-autoconfigure
 * -Dtest=ExplorerEngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DexcludedGroups=none}
 * and read {@code target/surefire-reports/*ExplorerEngineBenchmark-output.txt}.
 */
@Tag("benchmark")
class ExplorerEngineBenchmark {

	private static final int STORED = 1_000_000;

	private static final int BATCH = 512;

	private static final String[][] ENDPOINTS = { { "POST", "/users/" }, { "GET", "/users/{email}" },
			{ "GET", "/users/" }, { "GET", "/orders/{id}" }, { "DELETE", "/orders/{id}" } };

	@Test
	void duckDbAgainstH2() throws Exception {
		List<SpanData> pool = traffic(100_000);
		duckDb(pool);
		h2(pool);
		appThreadCost();
	}

	/** Server spans of user-api (some failing, some over an hour old), other services, inner spans. */
	private static List<SpanData> traffic(int count) {
		Random random = new Random(7);
		Instant now = Instant.now();
		List<SpanData> spans = new ArrayList<>(count);
		try (GeneratedTraffic userApi = new GeneratedTraffic("user-api");
				GeneratedTraffic billing = new GeneratedTraffic("billing")) {
			while (spans.size() < count) {
				String[] endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
				Instant start = now.minusMillis(random.nextInt(5_400_000));
				int status = (random.nextInt(50) == 0) ? 503 : (random.nextInt(20) == 0) ? 404 : 200;
				GeneratedTraffic service = (random.nextInt(10) == 0) ? billing : userApi;
				Span request = service.serverSpan(endpoint[0], endpoint[1], "/users/u" + random.nextInt(10_000) + "@example.com",
						status, start, null);
				Span inner = service.child("loading user {email}", request, start.plusMillis(1));
				inner.setAttribute("email", "u" + random.nextInt(10_000) + "@example.com");
				service.end(inner, start.plusMillis(1), random.nextDouble() * 20);
				service.end(request, start, 2 + random.nextDouble() * 200);
				spans.addAll(service.drain());
			}
		}
		return spans;
	}

	private static void duckDb(List<SpanData> pool) {
		LogfireExplorerProperties properties = new LogfireExplorerProperties();
		properties.getRetention().setMaxSpans(2 * STORED);
		properties.getRetention().setMaxSize(org.springframework.util.unit.DataSize.ofGigabytes(4));
		properties.getRetention().setMaxAge(java.time.Duration.ofHours(3));
		try (ExplorerStore store = new ExplorerStore(properties)) {
			ingest(store, pool, 100_000); // warm-up
			java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
			long started = System.nanoTime();
			long cpuStarted = threads.getCurrentThreadCpuTime();
			int measured = STORED - 100_000;
			ingest(store, pool, measured);
			double seconds = (System.nanoTime() - started) / 1e9;
			double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
			// On a shared machine the wall-clock rate depends on the neighbours; CPU time per span does not.
			System.out.printf("DuckDB ingest through ExplorerStore: %,.0f spans/s wall clock, %,.0f spans per CPU second "
					+ "(%.1f us of CPU per span; %,d spans, batches of %d; load average %.1f)%n", measured / seconds,
					measured / cpuSeconds, cpuSeconds * 1e6 / measured, measured, BATCH,
					java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
			System.out.printf("DuckDB memory for %,d spans: %,.1f MB%n", store.stats().storedSpans(),
					store.stats().storedBytes() / 1e6);
			String query = ExplorerQueries.seedQuery("user-api");
			long[] times = new long[7];
			QueryResult result = null;
			for (int i = 0; i < times.length; i++) {
				long queryStart = System.nanoTime();
				result = store.query(query);
				times[i] = System.nanoTime() - queryStart;
			}
			Arrays.sort(times);
			System.out.printf("DuckDB seed query over %,d spans: median %.1f ms, max %.1f ms, %d endpoints%n",
					store.stats().storedSpans(), times[times.length / 2] / 1e6, times[times.length - 1] / 1e6,
					result.rows().size());
		}
	}

	private static void ingest(ExplorerStore store, List<SpanData> pool, int count) {
		int offset = 0;
		for (int done = 0; done < count; done += BATCH) {
			int size = Math.min(BATCH, count - done);
			if (offset + size > pool.size()) {
				offset = 0;
			}
			store.ingest(pool.subList(offset, offset + size));
			offset += size;
		}
	}

	/** The same table and query in H2, with batched inserts of the same values. */
	private static void h2(List<SpanData> pool) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1")) {
			try (Statement statement = connection.createStatement()) {
				statement.execute(SpanRecords.DDL.replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE")
					.replace("VARCHAR[]", "VARCHAR ARRAY")
					.replace(" JSON", " VARCHAR"));
			}
			connection.setAutoCommit(false);
			String insert = "INSERT INTO records (start_timestamp, end_timestamp, duration, duration_ms, trace_id, span_id, "
					+ "parent_span_id, span_name, message, level, level_num, kind, otel_kind, service_name, http_route, "
					+ "http_method, http_response_status_code, url_path, attributes) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
			long started = System.nanoTime();
			try (PreparedStatement statement = connection.prepareStatement(insert)) {
				for (int i = 0; i < STORED; i++) {
					bind(statement, pool.get(i % pool.size()));
					statement.addBatch();
					if (i % BATCH == BATCH - 1) {
						statement.executeBatch();
						connection.commit();
					}
				}
				statement.executeBatch();
				connection.commit();
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			System.out.printf("H2 ingest (batched INSERT): %,.0f spans/s (%,d spans)%n", STORED / seconds, STORED);
			String query = ExplorerQueries.seedQuery("user-api")
				.replace("PERCENTILE(duration_ms, 95)", "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms)")
				.replace("INTERVAL '1 hour'", "INTERVAL '1' HOUR");
			long[] times = new long[3];
			for (int i = 0; i < times.length; i++) {
				long queryStart = System.nanoTime();
				int rows = 0;
				try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
					while (result.next()) {
						rows++;
					}
				}
				times[i] = System.nanoTime() - queryStart;
				if (i == 0) {
					System.out.printf("H2 seed query returned %d endpoints%n", rows);
				}
			}
			Arrays.sort(times);
			System.out.printf("H2 seed query over %,d spans: median %.1f ms, max %.1f ms%n", STORED,
					times[times.length / 2] / 1e6, times[times.length - 1] / 1e6);
		}
	}

	private static void bind(PreparedStatement statement, SpanData span) throws Exception {
		double durationMs = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6;
		statement.setTimestamp(1, new Timestamp(span.getStartEpochNanos() / 1_000_000));
		statement.setTimestamp(2, new Timestamp(span.getEndEpochNanos() / 1_000_000));
		statement.setDouble(3, durationMs / 1000);
		statement.setDouble(4, durationMs);
		statement.setString(5, span.getTraceId());
		statement.setString(6, span.getSpanId());
		statement.setString(7, span.getParentSpanContext().isValid() ? span.getParentSpanId() : null);
		statement.setString(8, span.getName());
		statement.setString(9, span.getName());
		statement.setString(10, "info");
		statement.setInt(11, 9);
		statement.setString(12, "span");
		statement.setString(13, span.getKind().name().toLowerCase());
		statement.setString(14, span.getResource().getAttribute(AttributeKey.stringKey("service.name")));
		statement.setString(15, span.getAttributes().get(AttributeKey.stringKey("http.route")));
		statement.setString(16, span.getAttributes().get(AttributeKey.stringKey("http.request.method")));
		Long status = span.getAttributes().get(AttributeKey.longKey("http.response.status_code"));
		statement.setObject(17, (status != null) ? status.intValue() : null);
		statement.setString(18, span.getAttributes().get(AttributeKey.stringKey("url.path")));
		statement.setString(19, span.getAttributes().toString());
	}

	/**
	 * Spans created as fast as one thread can for a few seconds, with the explorer and without:
	 * what the application's threads pay for it (the store works on its own thread).
	 */
	private static void appThreadCost() {
		ApplicationContextRunner base = LogfireContextRunners.application()
			.withPropertyValues("logfire.export.max-queue-size=8192", "logfire.export.batch-size=512");
		double[] without = new double[1];
		double[] with = new double[1];
		long[] stored = new long[1];
		base.withPropertyValues(LogfireContextRunners.EXPLORER_OFF)
			.run((context) -> without[0] = createSpans(context.getBean(OpenTelemetry.class)));
		base.run((context) -> {
			with[0] = createSpans(context.getBean(OpenTelemetry.class));
			stored[0] = context.getBean(ExplorerStore.class).stats().ingestedSpans();
		});
		System.out.printf("Span creation on the application thread: %,.0f spans/s without the explorer, %,.0f with it "
				+ "(ratio %.2f); the explorer stored %,d spans meanwhile%n", without[0], with[0], with[0] / without[0],
				stored[0]);
	}

	private static double createSpans(OpenTelemetry openTelemetry) {
		Tracer tracer = openTelemetry.getTracer("benchmark");
		for (int i = 0; i < 200_000; i++) {
			tracer.spanBuilder("warm-up").startSpan().end();
		}
		long started = System.nanoTime();
		long end = started + TimeUnit.SECONDS.toNanos(5);
		long count = 0;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1000; i++) {
				Span span = tracer.spanBuilder("GET /users/{email}").startSpan();
				span.setAttribute("http.route", "/users/{email}");
				span.end();
			}
			count += 1000;
		}
		return count / ((System.nanoTime() - started) / 1e9);
	}

}
