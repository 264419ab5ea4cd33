package dev.logspring.logfire.benchmarks.startup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.benchmarks.Jvm;
import dev.logspring.logfire.benchmarks.Results;
import dev.logspring.logfire.benchmarks.Stats;
import dev.logspring.logfire.benchmarks.http.ShopApplication;

/**
 * Startup time (JVM start to application ready) and heap in use after startup (after a full
 * GC) of the web application with the starter against without its jars, in fresh JVMs started
 * in turn; and, to show what is Spring Boot's and what is the starter's, with the starter's jars
 * but {@code logfire.enabled=false}. Target: at most 1.05x for both.
 */
public final class StartupBenchmark {

	private static final int RUNS = 6;

	/** The three variants, started in turn: without the starter, its jars switched off, the starter. */
	private enum Variant {

		BASELINE(false, List.of()), JARS_ONLY(true, List.of("--logfire.enabled=false")), STARTER(true, List.of());

		private final boolean withStarter;

		private final List<String> arguments;

		Variant(boolean withStarter, List<String> arguments) {
			this.withStarter = withStarter;
			this.arguments = arguments;
		}

	}

	public static void main(String[] args) {
		Path output = Path.of(args[0]);
		Map<Variant, List<Double>> startup = new EnumMap<>(Variant.class);
		Map<Variant, List<Double>> heap = new EnumMap<>(Variant.class);
		for (int run = 0; run < RUNS; run++) {
			for (Variant variant : Variant.values()) {
				List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
						"--logging.level.root=warn", "--management.otlp.metrics.export.enabled=false",
						"--benchmark.exit-when-ready=true"));
				arguments.addAll(variant.arguments);
				try (Jvm app = Jvm.start(variant.withStarter, ShopApplication.class.getName(), arguments)) {
					String ready = app.awaitLine((line) -> line.startsWith("READY"), Duration.ofSeconds(90));
					startup.computeIfAbsent(variant, (key) -> new ArrayList<>())
						.add(Double.parseDouble(value(ready, "startupMs")));
					heap.computeIfAbsent(variant, (key) -> new ArrayList<>())
						.add(Double.parseDouble(value(ready, "heapBytes")) / (1024 * 1024));
					app.waitFor(Duration.ofSeconds(20));
				}
				System.out.println("run " + run + " " + variant + " done");
			}
		}
		Results results = new Results("Startup (5)");
		row(results, "Time to ready (ms)", "%.0f", startup, Variant.STARTER, "≤ 1.05");
		row(results, "Heap after startup (MB)", "%.1f", heap, Variant.STARTER, "≤ 1.05");
		// What Spring Boot's own OpenTelemetry and Micrometer Tracing auto-configurations cost once
		// the starter's jars put them on the classpath, before any of the starter's own beans.
		row(results, "Time to ready, the starter's jars with `logfire.enabled=false` (ms)", "%.0f", startup,
				Variant.JARS_ONLY, "(reported)");
		row(results, "Heap after startup, the starter's jars with `logfire.enabled=false` (MB)", "%.1f", heap,
				Variant.JARS_ONLY, "(reported)");
		results.write(output);
	}

	private static void row(Results results, String measure, String format, Map<Variant, List<Double>> values,
			Variant variant, String target) {
		Stats baseline = Stats.of(values.get(Variant.BASELINE));
		Stats measured = Stats.of(values.get(variant));
		Stats ratio = measured.ratioTo(baseline);
		results.row(measure, baseline.format(format), measured.format(format), ratio.format("%.3f"), target,
				target.startsWith("≤") ? ratio.mean() <= 1.05 : null);
	}

	private static String value(String line, String key) {
		for (String part : line.split(" ")) {
			if (part.startsWith(key + "=")) {
				return part.substring(key.length() + 1);
			}
		}
		throw new IllegalStateException(key + " missing in " + line);
	}

}
