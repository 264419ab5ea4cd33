package dev.logspring.logfire.benchmarks.startup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.benchmarks.Jvm;
import dev.logspring.logfire.benchmarks.Results;
import dev.logspring.logfire.benchmarks.Stats;
import dev.logspring.logfire.benchmarks.http.ShopApplication;

/**
 * Startup time (JVM start to application ready) and heap in use after startup (after a full
 * GC) of the web application with the starter against without its jars, in fresh JVMs started
 * alternately. Target: at most 1.05x for both.
 */
public final class StartupBenchmark {

	private static final int RUNS = 6;

	public static void main(String[] args) {
		Path output = Path.of(args[0]);
		Map<Boolean, List<Double>> startup = Map.of(false, new ArrayList<>(), true, new ArrayList<>());
		Map<Boolean, List<Double>> heap = Map.of(false, new ArrayList<>(), true, new ArrayList<>());
		for (int run = 0; run < RUNS * 2; run++) {
			boolean withStarter = (run % 2 == 1);
			try (Jvm app = Jvm.start(withStarter, ShopApplication.class.getName(),
					List.of("--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=warn",
							"--management.otlp.metrics.export.enabled=false", "--benchmark.exit-when-ready=true"))) {
				String ready = app.awaitLine((line) -> line.startsWith("READY"), Duration.ofSeconds(90));
				startup.get(withStarter).add(Double.parseDouble(value(ready, "startupMs")));
				heap.get(withStarter).add(Double.parseDouble(value(ready, "heapBytes")) / (1024 * 1024));
				app.waitFor(Duration.ofSeconds(20));
			}
			System.out.println("run " + run + (withStarter ? " with" : " without") + " the starter done");
		}
		Results results = new Results("Startup (5)");
		Stats startupWithout = Stats.of(startup.get(false));
		Stats startupWith = Stats.of(startup.get(true));
		results.row("Time to ready (ms)", startupWithout.format("%.0f"), startupWith.format("%.0f"),
				startupWith.ratioTo(startupWithout).format("%.3f"), "≤ 1.05",
				startupWith.ratioTo(startupWithout).mean() <= 1.05);
		Stats heapWithout = Stats.of(heap.get(false));
		Stats heapWith = Stats.of(heap.get(true));
		results.row("Heap after startup (MB)", heapWithout.format("%.1f"), heapWith.format("%.1f"),
				heapWith.ratioTo(heapWithout).format("%.3f"), "≤ 1.05", heapWith.ratioTo(heapWithout).mean() <= 1.05);
		results.write(output);
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
