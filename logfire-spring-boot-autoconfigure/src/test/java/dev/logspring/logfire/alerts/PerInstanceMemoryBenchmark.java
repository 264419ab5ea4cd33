package dev.logspring.logfire.alerts;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.explorer.ExplorerStore;
import dev.logspring.logfire.explorer.LogfireExplorerProperties;
import dev.logspring.logfire.sampling.OpenTraces;
import dev.logspring.logfire.sampling.TailSamplingStage;
import dev.logspring.logfire.testsupport.GeneratedTraffic;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What each per-instance feature keeps in memory, for docs/alerts-at-scale.md; a measurement,
 * not a test (tagged {@code benchmark}, excluded from the default run). Each figure is the heap
 * still in use after a full GC once the feature has taken in its spans, minus the heap in use
 * before (the spans themselves are created inside the measurement, so what the feature keeps of
 * them counts), after a first unreported round that loads classes; the explorer also reports
 * the memory DuckDB holds outside the heap ({@code duckdb_memory()}).
 * <p>
 * Run with: {@code ./mvnw -B -q test -pl logfire-spring-boot-autoconfigure
 * -Dtest=PerInstanceMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DexcludedGroups=none}
 * and read {@code target/surefire-reports/*PerInstanceMemoryBenchmark-output.txt}.
 */
@Tag("benchmark")
class PerInstanceMemoryBenchmark {

	private static final String[][] ENDPOINTS = { { "POST", "/users/" }, { "GET", "/users/{email}" },
			{ "GET", "/users/" }, { "GET", "/orders/{id}" }, { "DELETE", "/orders/{id}" } };

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	@Test
	void retainedMemoryPerFeature() throws Exception {
		// the first round loads classes and fills the JDK's and libraries' caches: not reported
		measureAll(false);
		System.out.printf(Locale.ROOT, "%-62s %10s %14s%n", "feature (spans taken in)", "heap KB", "DuckDB KB");
		measureAll(true);
	}

	private void measureAll(boolean report) throws Exception {
		for (int requests : new int[] { 10_000, 100_000 }) {
			measure(report, "alerts: error_rate + p95_latency, 60s windows (" + requests * 2 + ")", () -> {
				AlertSpanExporter alerts = new AlertSpanExporter(new AlertRegistry(articleAlerts().getAlerts()).monitors());
				feed(requests, 1, true, alerts::export);
				return alerts;
			});
		}
		measure(report, "alerts: one error_rate alert (200000)", () -> {
			AlertSpanExporter alerts = new AlertSpanExporter(new AlertRegistry(alerts(Map.of("errors", "error_rate")).getAlerts())
				.monitors());
			feed(100_000, 1, true, alerts::export);
			return alerts;
		});
		measure(report, "alerts: one p95_latency alert (200000)", () -> {
			AlertSpanExporter alerts = new AlertSpanExporter(new AlertRegistry(alerts(Map.of("slow", "p95_latency")).getAlerts())
				.monitors());
			feed(100_000, 1, true, alerts::export);
			return alerts;
		});
		measure(report, "tail sampling: full buffer, defaults 10000 spans/1000 traces", () -> {
			TailSamplingStage stage = new TailSamplingStage(Level.NOTICE, 5_000_000_000L, 0.0, 10_000, 1_000,
					30_000_000_000L, Clock.getDefault(), new OpenTraces(1_000));
			// ten inner spans each of traces whose roots have not ended: held undecided, up to the limits
			feed(1_000, 10, false, stage::process);
			if (stage.stats().bufferedSpans() < 9_000) {
				throw new IllegalStateException("the buffer is not full: " + stage.stats());
			}
			return stage;
		});
		for (int requests : new int[] { 10_000, 100_000 }) {
			ExplorerStore[] store = new ExplorerStore[1];
			measure(report, "explorer: DuckDB store, default retention (" + requests * 2 + ")", () -> {
				store[0] = new ExplorerStore(new LogfireExplorerProperties());
				feed(requests, 1, true, store[0]::ingest);
				return store[0];
			}, () -> duckDbKilobytes(store[0]));
			store[0].close();
		}
	}

	/** All the memory DuckDB holds (tables, indexes, buffers), which lives outside the Java heap. */
	private static long duckDbKilobytes(ExplorerStore store) {
		Object bytes = store.query("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").rows().get(0).get(0);
		return ((Number) bytes).longValue() / 1024;
	}

	/**
	 * Spans of {@code requests} HTTP requests, a server span (unless {@code withRoots} is false:
	 * the request is still running) and {@code inner} inner spans each, handed over in batches.
	 */
	private static void feed(int requests, int inner, boolean withRoots, Consumer<List<SpanData>> consumer) {
		Random random = new Random(7);
		Instant now = Instant.now();
		try (GeneratedTraffic service = new GeneratedTraffic("shop")) {
			List<Span> open = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String[] endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
				Instant start = now.minusMillis(random.nextInt(50_000));
				int status = (random.nextInt(50) == 0) ? 503 : 200;
				Span request = service.serverSpan(endpoint[0], endpoint[1], "/users/u" + random.nextInt(10_000),
						status, start, null);
				for (int j = 0; j < inner; j++) {
					Span load = service.child("loading user {email}", request, start.plusMillis(1));
					load.setAttribute("email", "u" + random.nextInt(10_000) + "@example.com");
					service.end(load, start.plusMillis(1), random.nextDouble() * 20);
				}
				if (withRoots) {
					service.end(request, start, 2 + random.nextDouble() * 200);
				}
				else {
					open.add(request);
				}
				if (i % 256 == 255) {
					consumer.accept(service.drain());
				}
			}
			consumer.accept(service.drain());
			open.clear();
		}
	}

	private static LogfireAlertsProperties articleAlerts() {
		return alerts(Map.of("high_error_rate", "error_rate", "slow_response", "p95_latency"));
	}

	private static LogfireAlertsProperties alerts(Map<String, String> metrics) {
		LogfireAlertsProperties properties = new LogfireAlertsProperties();
		metrics.forEach((name, metric) -> {
			LogfireAlertsProperties.Alert alert = new LogfireAlertsProperties.Alert();
			alert.setMetric(metric);
			alert.setThreshold(metric.equals("error_rate") ? 0.05 : 1000.0);
			properties.getAlerts().put(name, alert);
		});
		return properties;
	}

	private void measure(boolean report, String feature, Callable<Object> build) throws Exception {
		measure(report, feature, build, () -> null);
	}

	private void measure(boolean report, String feature, Callable<Object> build, Callable<Long> duckDbKb)
			throws Exception {
		long before = usedAfterGc();
		Object kept = build.call();
		long after = usedAfterGc();
		Long duckDb = duckDbKb.call();
		if (report) {
			System.out.printf(Locale.ROOT, "%-62s %,10d %14s%n", feature, (after - before) / 1024,
					(duckDb != null) ? String.format(Locale.ROOT, "%,d", duckDb) : "-");
		}
		Reference.reachabilityFence(kept);
	}

	/** Heap in use once repeated full collections no longer free anything noticeable. */
	private long usedAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 10; i++) {
			this.memory.gc();
			long now = this.memory.getHeapMemoryUsage().getUsed();
			if (Math.abs(used - now) < 64 * 1024) {
				return now;
			}
			used = now;
		}
		return used;
	}

}
