package dev.logspring.logfire.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.logspring.logfire.benchmarks.Jvm;
import org.HdrHistogram.Histogram;

/**
 * Where the HTTP overhead of the starter goes: one endpoint of {@link ShopApplication} under the
 * same closed-loop load, with the starter's features switched on one layer at a time, reported
 * as CPU time of the application's process per request (steadier than throughput on a machine
 * the load generator shares), then p50 and p99 at the same fixed rate as {@link HttpBenchmark}
 * (a third of the baseline's throughput, at most 1,000/s), in three windows. Not part of
 * {@code run.sh}; run it on its own, for {@code /hello} (the default) or {@code /chain/42}:
 * <pre>
 * java -Dbenchmarks.dir=benchmarks -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     dev.logspring.logfire.benchmarks.http.HttpCostBreakdown benchmarks/target/http-breakdown.md [/chain/42]
 * </pre>
 */
public final class HttpCostBreakdown {

	private record Variant(String label, boolean withStarter, List<String> arguments) {
	}

	private static final List<Variant> VARIANTS = List.of(new Variant("without the starter", false, List.of()),
			new Variant("starter's jars, `logfire.enabled=false`: Spring Boot's own tracing, every span sampled, none exported",
					true, List.of("--logfire.enabled=false", "--management.tracing.sampling.probability=1.0")),
			new Variant("the starter, `logfire.sampling.rate=0`: nothing recorded", true,
					List.of("--logfire.sampling.rate=0")),
			new Variant("the starter, `logfire.send-to-logfire=false`: spans recorded, not exported", true,
					List.of("--logfire.send-to-logfire=false")),
			new Variant("the starter with `logfire.http.server.enabled=false` (Boot's own server span), exported",
					true, List.of("--logfire.http.server.enabled=false")),
			new Variant("the starter, every span exported (default)", true, List.of()));

	private static final Duration MEASURE = Duration.ofSeconds(5);

	private static final int ROUNDS = 3;

	private static final Duration LATENCY_WINDOW = Duration.ofSeconds(6);

	public static void main(String[] args) throws Exception {
		String path = (args.length > 1) ? args[1] : "/hello";
		Duration warmup = HttpBenchmark.warmup(path);
		LoadGenerator load = new LoadGenerator();
		List<String> rows = new ArrayList<>();
		rows.add("| Variant | Requests/s | Application CPU per request | Load generator and backend CPU per request "
				+ "| p50 at a fixed rate | p99 (three windows of 6 s: merged, and each) |");
		rows.add("|---|---|---|---|---|---|");
		int rate = 0;
		try (DiscardingBackend backend = new DiscardingBackend()) {
			for (Variant variant : VARIANTS) {
				try (Jvm app = HttpBenchmark.startShop(variant.withStarter(), backend, variant.arguments())) {
					String port = HttpBenchmark.awaitReadyPort(app);
					URI uri = URI.create("http://127.0.0.1:" + port + path);
					load.throughput(uri, 8, warmup);
					double requests = 0;
					long appNanos = 0;
					long harnessNanos = 0;
					for (int round = 0; round < ROUNDS; round++) {
						long app0 = app.cpuTime().toNanos();
						long harness0 = ownCpuNanos();
						requests += load.throughput(uri, 8, MEASURE).stream().mapToDouble(Double::doubleValue).sum();
						appNanos += app.cpuTime().toNanos() - app0;
						harnessNanos += ownCpuNanos() - harness0;
					}
					double perSecond = requests / (ROUNDS * MEASURE.toSeconds());
					if (rate == 0) {
						rate = HttpBenchmark.fixedRate(perSecond);
					}
					load.latencyAtRate(uri, rate, HttpBenchmark.LATENCY_SETTLE);
					Histogram merged = null;
					List<String> windows = new ArrayList<>();
					for (int window = 0; window < 3; window++) {
						Histogram histogram = load.latencyAtRate(uri, rate, LATENCY_WINDOW);
						windows.add(String.format("%.2f", histogram.getValueAtPercentile(99) / 1000.0));
						if (merged == null) {
							merged = histogram;
						}
						else {
							merged.add(histogram);
						}
					}
					String row = String.format("| %s | %.0f | %.1f µs | %.1f µs | %.2f ms | %.2f ms (%s) |",
							variant.label(), perSecond, appNanos / 1000.0 / requests, harnessNanos / 1000.0 / requests,
							merged.getValueAtPercentile(50) / 1000.0, merged.getValueAtPercentile(99) / 1000.0,
							String.join(", ", windows));
					System.out.println(row);
					rows.add(row);
				}
			}
		}
		rows.add("");
		rows.add("Endpoint " + path + "; latency at " + rate + " requests/s.");
		try {
			Path output = Path.of(args[0]);
			Files.createDirectories(output.toAbsolutePath().getParent());
			Files.writeString(output, String.join("\n", rows) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long ownCpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
	}

}
