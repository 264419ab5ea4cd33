package dev.logspring.logfire.benchmarks;

/**
 * Settings every benchmarked application shares: quiet logs, no console output (the benchmark
 * measures what a production application with a token pays), no banner.
 */
public final class BenchmarkDefaults {

	public static final String[] PROPERTIES = { "spring.main.banner-mode=off", "logging.level.root=warn",
			"logfire.console.enabled=false", "management.otlp.metrics.export.enabled=false" };

	private BenchmarkDefaults() {
	}

}
