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

/**
 * Where the HTTP overhead of the starter goes: the trivial endpoint of {@link ShopApplication}
 * under the same closed-loop load, with the starter's features switched on one layer at a time,
 * reported as CPU time of the application's process per request (steadier than throughput on a
 * machine the load generator shares). Not part of {@code run.sh}; run it on its own:
 * <pre>
 * java -Dbenchmarks.dir=benchmarks -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     dev.logspring.logfire.benchmarks.http.HttpCostBreakdown benchmarks/target/http-breakdown.md
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

	private static final Duration WARMUP = Duration.ofSeconds(25);

	private static final Duration MEASURE = Duration.ofSeconds(5);

	private static final int ROUNDS = 3;

	public static void main(String[] args) throws Exception {
		LoadGenerator load = new LoadGenerator();
		List<String> rows = new ArrayList<>();
		rows.add("| Variant | Requests/s | Application CPU per request | Load generator and backend CPU per request |");
		rows.add("|---|---|---|---|");
		try (DiscardingBackend backend = new DiscardingBackend()) {
			for (Variant variant : VARIANTS) {
				try (Jvm app = HttpBenchmark.startShop(variant.withStarter(), backend, variant.arguments())) {
					String port = HttpBenchmark.awaitReadyPort(app);
					URI uri = URI.create("http://127.0.0.1:" + port + "/hello");
					load.throughput(uri, 8, WARMUP);
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
					String row = String.format("| %s | %.0f | %.1f µs | %.1f µs |", variant.label(),
							requests / (ROUNDS * MEASURE.toSeconds()), appNanos / 1000.0 / requests,
							harnessNanos / 1000.0 / requests);
					System.out.println(row);
					rows.add(row);
				}
			}
		}
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
