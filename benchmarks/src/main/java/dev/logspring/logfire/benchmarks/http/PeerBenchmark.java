package dev.logspring.logfire.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.logspring.logfire.benchmarks.Jvm;
import dev.logspring.logfire.benchmarks.Results;
import dev.logspring.logfire.benchmarks.Stats;
import org.HdrHistogram.Histogram;

/**
 * {@link ShopApplication} under the tracing stacks a user would choose between: none, Spring
 * Boot's own OpenTelemetry support, the OpenTelemetry Java Spring Boot starter, and ours, each on
 * its own class path (the {@code benchmarks/peers} modules write theirs), every trace sampled, all
 * exporting OTLP/HTTP to one loopback receiver that counts the spans delivered. Where a peer's
 * default batch queue drops spans under load, it also runs with a queue large enough not to.
 * <p>
 * Per endpoint and variant: server CPU per request over the closed-loop window (from
 * {@code /proc/<pid>/stat}), requests per second, spans delivered per request (counted by start
 * time, once the application's queues are drained), then CPU, spans, p50 and p99 at one fixed rate
 * for all. The application should run on a core of its own: {@code benchmarks/run.sh --peers}
 * pins it to CPU 0 and this harness (load and receiver) to CPU 1. Settings, as system properties:
 * {@code benchmarks.peers.variants} (names below, comma-separated), {@code benchmarks.peers.paths},
 * {@code benchmarks.peers.rates} ({@code /hello=1500,/chain/42=400}), {@code benchmarks.peers.rounds},
 * {@code benchmarks.peers.warmup-seconds} (60 on every endpoint: alone on one core, the application
 * compiles more slowly; after 25 s, Boot's variant still cost four times its settled CPU per request),
 * {@code benchmarks.peers.measure-seconds} (10), {@code benchmarks.peers.large-queue}.
 * <p>
 * Arguments: the results-table rows (the targets) and the detailed table, both markdown.
 */
public final class PeerBenchmark {

	private record Variant(String name, String label, Supplier<String> classpath,
			Function<String, List<String>> arguments) {
	}

	private static final String NONE = "none";

	private static final String OURS = "ours";

	/** Ours with JDK Flight Recorder sampling for hot methods: what profiling costs (not run by default). */
	private static final String OURS_PROFILING = "ours-profiling";

	/** The peers with their defaults, of which the cheaper sets the target. */
	private static final List<String> PEERS_WITH_DEFAULTS = List.of("boot", "otel");

	private static final int LARGE_QUEUE = Integer.getInteger("benchmarks.peers.large-queue", 100_000);

	private static final List<Variant> VARIANTS = List.of(
			new Variant(NONE, "no tracing", () -> Jvm.classpath(false), (url) -> List.of()),
			new Variant("boot", "Spring Boot's OpenTelemetry", () -> peer("boot-opentelemetry"), PeerBenchmark::boot),
			new Variant("boot-large-queue", "Spring Boot's OpenTelemetry, queue of " + LARGE_QUEUE,
					() -> peer("boot-opentelemetry"),
					(url) -> with(boot(url), "--management.opentelemetry.tracing.export.max-queue-size=" + LARGE_QUEUE)),
			new Variant("otel", "OpenTelemetry starter", () -> peer("opentelemetry-starter"), PeerBenchmark::otel),
			new Variant("otel-large-queue", "OpenTelemetry starter, queue of " + LARGE_QUEUE,
					() -> peer("opentelemetry-starter"), (url) -> with(otel(url), "--otel.bsp.max.queue.size=" + LARGE_QUEUE)),
			new Variant(OURS, "ours", () -> Jvm.classpath(true), PeerBenchmark::ours),
			new Variant(OURS_PROFILING, "ours, profiling on (JFR)", () -> Jvm.classpath(true),
					(url) -> with(ours(url), "--logfire.profiling.enabled=true")));

	/**
	 * {@code RestClient} on {@code HttpURLConnection}: with one CPU, the JDK {@code HttpClient}
	 * starts a thread for every call (about 1 ms of CPU), which would bury what tracing costs.
	 */
	private static final List<String> COMMON = List.of("--server.port=0", "--spring.main.banner-mode=off",
			"--logging.level.root=warn", "--management.otlp.metrics.export.enabled=false",
			"--spring.http.clients.imperative.factory=simple");

	private static final int CLIENTS = 8;

	/** Longer than the peers' default batch delay (5 s): what is still queued then is delivered. */
	private static final Duration DRAIN_QUIET = Duration.ofSeconds(7);

	private static List<String> boot(String url) {
		return List.of("--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + url + "/v1/traces");
	}

	private static List<String> otel(String url) {
		return List.of("--otel.exporter.otlp.protocol=http/protobuf", "--otel.exporter.otlp.endpoint=" + url);
	}

	private static List<String> ours(String url) {
		return List.of("--logfire.token=pylf_v1_us_benchmark", "--logfire.base-url=" + url,
				"--logfire.console.enabled=false");
	}

	private static List<String> with(List<String> arguments, String more) {
		List<String> all = new ArrayList<>(arguments);
		all.add(more);
		return all;
	}

	private static String peer(String module) {
		Path base = Path.of(System.getProperty("benchmarks.dir", "benchmarks"));
		return Jvm.classpath(base.resolve("peers").resolve(module).resolve("target/classpath.txt"));
	}

	/** One measured window of one variant on one endpoint. */
	private record Window(long fromMillis, long toMillis, double requests, long cpuNanos) {

		double cpuMicrosPerRequest() {
			return this.cpuNanos / 1000.0 / this.requests;
		}

		double spansPerRequest(DiscardingBackend backend) {
			return backend.spansStartedBetween(this.fromMillis, this.toMillis) / this.requests;
		}

	}

	/** What one variant measured on one endpoint, over the rounds. */
	private static final class Measured {

		final List<Double> cpuPerRequest = new ArrayList<>();

		final List<Double> requestsPerSecond = new ArrayList<>();

		final List<Double> spansPerRequest = new ArrayList<>();

		final List<Double> cpuPerRequestAtRate = new ArrayList<>();

		final List<Double> spansPerRequestAtRate = new ArrayList<>();

		Histogram latency;

	}

	public static void main(String[] args) throws Exception {
		List<String> names = List.of(System.getProperty("benchmarks.peers.variants",
				String.join(",", VARIANTS.stream().map(Variant::name).filter((name) -> !name.equals(OURS_PROFILING)).toList()))
			.split(","));
		List<Variant> variants = VARIANTS.stream().filter((variant) -> names.contains(variant.name())).toList();
		List<String> paths = List.of(System.getProperty("benchmarks.peers.paths", "/hello,/chain/42").split(","));
		Map<String, Integer> rates = new LinkedHashMap<>();
		for (String rate : System.getProperty("benchmarks.peers.rates", "/hello=1500,/chain/42=400").split(",")) {
			rates.put(rate.substring(0, rate.indexOf('=')), Integer.parseInt(rate.substring(rate.indexOf('=') + 1)));
		}
		int rounds = Integer.getInteger("benchmarks.peers.rounds", 2);
		Duration measure = Duration.ofSeconds(Integer.getInteger("benchmarks.peers.measure-seconds", 10));
		Duration warmup = Duration.ofSeconds(Integer.getInteger("benchmarks.peers.warmup-seconds", 60));
		LoadGenerator load = new LoadGenerator();
		Map<String, Map<String, Measured>> results = new LinkedHashMap<>();
		try (DiscardingBackend backend = DiscardingBackend.countingSpans()) {
			for (int round = 0; round < rounds; round++) {
				List<Variant> order = new ArrayList<>(variants);
				if (round % 2 == 1) {
					Collections.reverse(order);
				}
				for (Variant variant : order) {
					List<String> arguments = new ArrayList<>(COMMON);
					arguments.addAll(variant.arguments().apply(backend.baseUrl()));
					Map<String, Window[]> windows = new LinkedHashMap<>();
					try (Jvm app = Jvm.start(variant.classpath().get(), ShopApplication.class.getName(), arguments)) {
						String port = HttpBenchmark.awaitReadyPort(app);
						for (String path : paths) {
							System.out.println("round " + (round + 1) + ", " + variant.label() + ", " + path);
							URI uri = URI.create("http://127.0.0.1:" + port + path);
							load.throughput(uri, CLIENTS, warmup);
							Window saturated = measure(app, () -> load.throughput(uri, CLIENTS, measure)
								.stream()
								.mapToDouble(Double::doubleValue)
								.sum());
							int rate = rates.getOrDefault(path, 1000);
							load.latencyAtRate(uri, rate, HttpBenchmark.LATENCY_SETTLE);
							Histogram[] histogram = new Histogram[1];
							Window atRate = measure(app, () -> {
								histogram[0] = load.latencyAtRate(uri, rate, measure);
								return histogram[0].getTotalCount();
							});
							windows.put(path, new Window[] { saturated, atRate });
							Measured measured = results.computeIfAbsent(path, (k) -> new LinkedHashMap<>())
								.computeIfAbsent(variant.name(), (k) -> new Measured());
							measured.cpuPerRequest.add(saturated.cpuMicrosPerRequest());
							measured.requestsPerSecond.add(saturated.requests() / measure.toSeconds());
							measured.cpuPerRequestAtRate.add(atRate.cpuMicrosPerRequest());
							if (measured.latency == null) {
								measured.latency = histogram[0];
							}
							else {
								measured.latency.add(histogram[0]);
							}
						}
					}
					// Spans are counted once the application is gone: a clean stop flushes its queue.
					backend.awaitTraceExportsQuiet(DRAIN_QUIET, Duration.ofSeconds(40));
					for (Map.Entry<String, Window[]> entry : windows.entrySet()) {
						Measured measured = results.get(entry.getKey()).get(variant.name());
						measured.spansPerRequest.add(entry.getValue()[0].spansPerRequest(backend));
						measured.spansPerRequestAtRate.add(entry.getValue()[1].spansPerRequest(backend));
						System.out.printf("  %s: %.2f µs CPU and %.2f spans per request saturated%n", entry.getKey(),
								entry.getValue()[0].cpuMicrosPerRequest(), entry.getValue()[0].spansPerRequest(backend));
					}
				}
			}
		}
		targets(results, variants).write(Path.of(args[0]));
		write(Path.of(args[1]), table(results, variants, rates));
	}

	private static Window measure(Jvm app, Supplier<Number> run) {
		long fromMillis = System.currentTimeMillis();
		long cpu = app.cpuTime().toNanos();
		double requests = run.get().doubleValue();
		long cpuNanos = app.cpuTime().toNanos() - cpu;
		return new Window(fromMillis, System.currentTimeMillis(), requests, cpuNanos);
	}

	/** Tracing CPU per request: the variant's minus no tracing's, errors added in quadrature. */
	private static Stats tracingCpu(Map<String, Measured> byVariant, String variant) {
		Stats with = Stats.of(byVariant.get(variant).cpuPerRequest);
		Stats without = Stats.of(byVariant.get(NONE).cpuPerRequest);
		return new Stats(with.mean() - without.mean(), Math.hypot(with.error(), without.error()), with.count());
	}

	/** Rows of the results table: ours against the cheaper peer under its defaults. */
	private static Results targets(Map<String, Map<String, Measured>> results, List<Variant> variants) {
		boolean profilingOnly = variants.stream().noneMatch((variant) -> variant.name().equals(NONE));
		Results rows = new Results(profilingOnly ? "Profiling (7)" : "Peers (6)");
		for (Map.Entry<String, Map<String, Measured>> endpoint : results.entrySet()) {
			Map<String, Measured> byVariant = endpoint.getValue();
			if (byVariant.containsKey(OURS) && byVariant.containsKey(OURS_PROFILING)) {
				profilingRows(rows, endpoint.getKey(), byVariant.get(OURS), byVariant.get(OURS_PROFILING));
			}
			String cheaper = PEERS_WITH_DEFAULTS.stream()
				.filter(byVariant::containsKey)
				.min((a, b) -> Double.compare(tracingCpu(byVariant, a).mean(), tracingCpu(byVariant, b).mean()))
				.orElse(null);
			if (cheaper == null || !byVariant.containsKey(NONE) || !byVariant.containsKey(OURS)) {
				continue;
			}
			Stats peer = tracingCpu(byVariant, cheaper);
			Stats ours = tracingCpu(byVariant, OURS);
			Stats ratio = ours.ratioTo(peer);
			rows.row("Tracing CPU per request over no tracing, " + endpoint.getKey() + ", saturated (µs)",
					format(peer, "%.1f") + " (" + label(variants, cheaper) + ", "
							+ String.format("%.2f", mean(byVariant.get(cheaper).spansPerRequest)) + " spans/request)",
					format(ours, "%.1f") + " (" + String.format("%.2f", mean(byVariant.get(OURS).spansPerRequest))
							+ " spans/request)",
					format(ratio, "%.3f"), "≤ 0.80", ratio.mean() <= 0.80);
		}
		return rows;
	}

	/** What JDK Flight Recorder sampling costs ours: throughput and CPU per request, target within 3 %. */
	private static void profilingRows(Results rows, String endpoint, Measured ours, Measured profiling) {
		Stats throughput = Stats.of(profiling.requestsPerSecond).ratioTo(Stats.of(ours.requestsPerSecond));
		rows.row("Requests/s with profiling on, " + endpoint + ", saturated",
				format(Stats.of(ours.requestsPerSecond), "%.0f"), format(Stats.of(profiling.requestsPerSecond), "%.0f"),
				format(throughput, "%.3f"), "≥ 0.97", throughput.mean() >= 0.97);
		Stats cpu = Stats.of(profiling.cpuPerRequestAtRate).ratioTo(Stats.of(ours.cpuPerRequestAtRate));
		rows.row("Server CPU per request with profiling on, " + endpoint + ", fixed rate (µs)",
				format(Stats.of(ours.cpuPerRequestAtRate), "%.1f"), format(Stats.of(profiling.cpuPerRequestAtRate), "%.1f"),
				format(cpu, "%.3f"), "≤ 1.03", cpu.mean() <= 1.03);
	}

	private static String table(Map<String, Map<String, Measured>> results, List<Variant> variants,
			Map<String, Integer> rates) {
		List<String> lines = new ArrayList<>();
		lines.add("| Endpoint | Variant | Server CPU per request, saturated (µs) | Tracing CPU over no tracing (µs) "
				+ "| Requests/s, saturated | Spans delivered per request, saturated "
				+ "| At a fixed rate: CPU per request (µs) | spans per request | p50 (ms) | p99 (ms) |");
		lines.add("|---|---|---|---|---|---|---|---|---|---|");
		for (Map.Entry<String, Map<String, Measured>> endpoint : results.entrySet()) {
			for (Map.Entry<String, Measured> entry : endpoint.getValue().entrySet()) {
				Measured measured = entry.getValue();
				String tracing = (entry.getKey().equals(NONE) || !endpoint.getValue().containsKey(NONE)) ? ""
						: format(tracingCpu(endpoint.getValue(), entry.getKey()), "%.1f");
				lines.add(String.format("| %s (fixed rate %d/s) | %s | %s | %s | %s | %.2f | %s | %.2f | %.2f | %.2f |",
						endpoint.getKey(), rates.getOrDefault(endpoint.getKey(), 1000), label(variants, entry.getKey()),
						format(Stats.of(measured.cpuPerRequest), "%.1f"), tracing,
						format(Stats.of(measured.requestsPerSecond), "%.0f"), mean(measured.spansPerRequest),
						format(Stats.of(measured.cpuPerRequestAtRate), "%.1f"), mean(measured.spansPerRequestAtRate),
						measured.latency.getValueAtPercentile(50) / 1000.0,
						measured.latency.getValueAtPercentile(99) / 1000.0));
			}
		}
		return String.join("\n", lines) + "\n";
	}

	private static String label(List<Variant> variants, String name) {
		return variants.stream().filter((variant) -> variant.name().equals(name)).findFirst().orElseThrow().label();
	}

	/** Mean ± 95 % interval; the mean alone after a single round. */
	private static String format(Stats stats, String pattern) {
		return Double.isNaN(stats.error()) ? String.format(pattern, stats.mean()) : stats.format(pattern);
	}

	private static double mean(List<Double> values) {
		return Stats.of(values).mean();
	}

	private static void write(Path output, String markdown) {
		try {
			Files.createDirectories(output.toAbsolutePath().getParent());
			Files.writeString(output, markdown);
			System.out.println(markdown);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
