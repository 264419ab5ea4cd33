package dev.logspring.logfire.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH's JSON results of the {@code @Traced} and logging benchmarks into rows of the
 * results table: time and allocation of each against its baseline in the same run.
 */
public final class JmhReport {

	public static void main(String[] args) {
		JsonNode results = JsonMapper.builder().build().readTree(Path.of(args[0]).toFile());
		Map<String, Stats> time = new HashMap<>();
		Map<String, Stats> allocation = new HashMap<>();
		for (JsonNode result : results) {
			String name = result.get("benchmark").asString();
			String method = name.substring(name.lastIndexOf('.') + 1);
			time.put(method, stats(result.get("primaryMetric")));
			JsonNode gc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
			if (!gc.isMissingNode()) {
				allocation.put(method, stats(gc));
			}
		}
		Results rows = new Results("JMH (1, 2)");
		Stats traced = time.get("tracedAnnotation");
		Stats handWritten = time.get("handWrittenSpan");
		rows.row("`@Traced` call vs hand-written SDK span (ns/call)", handWritten.format("%.1f"), traced.format("%.1f"),
				traced.ratioTo(handWritten).format("%.3f"), "≤ 1.2", traced.ratioTo(handWritten).mean() <= 1.2);
		Stats tracedBytes = allocation.get("tracedAnnotation");
		Stats handWrittenBytes = allocation.get("handWrittenSpan");
		double extra = tracedBytes.mean() - handWrittenBytes.mean();
		rows.row("`@Traced` call vs hand-written SDK span (bytes allocated/call)", handWrittenBytes.format("%.0f"),
				tracedBytes.format("%.0f"), String.format("%+.0f B", extra), "≤ +128 B", extra <= 128);
		Stats metered = time.get("spanWithThreadUsage");
		Stats unmetered = time.get("spanWithoutThreadUsage");
		rows.row("`@Traced` span with vs without thread CPU and allocation counters (ns/call)",
				unmetered.format("%.1f"), metered.format("%.1f"), metered.ratioTo(unmetered).format("%.3f"),
				"(reported)", null);
		Stats meteredBytes = allocation.get("spanWithThreadUsage");
		Stats unmeteredBytes = allocation.get("spanWithoutThreadUsage");
		rows.row("`@Traced` span with vs without thread CPU and allocation counters (bytes allocated/call)",
				unmeteredBytes.format("%.0f"), meteredBytes.format("%.0f"),
				String.format("%+.0f B", meteredBytes.mean() - unmeteredBytes.mean()), "(reported)", null);
		Stats logfire = time.get("logfireInfo");
		Stats slf4j = time.get("slf4jInfo");
		rows.row("Logfire `info` vs SLF4J line, same arguments (ns/call)", slf4j.format("%.1f"), logfire.format("%.1f"),
				logfire.ratioTo(slf4j).format("%.3f"), "(reported)", null);
		Stats logfireBytes = allocation.get("logfireInfo");
		Stats slf4jBytes = allocation.get("slf4jInfo");
		rows.row("Logfire `info` vs SLF4J line, same arguments (bytes allocated/call)", slf4jBytes.format("%.0f"),
				logfireBytes.format("%.0f"), String.format("%+.0f B", logfireBytes.mean() - slf4jBytes.mean()),
				"(reported)", null);
		rows.write(Path.of(args[1]));
	}

	private static Stats stats(JsonNode metric) {
		int count = 0;
		for (JsonNode fork : metric.path("rawData")) {
			count += fork.size();
		}
		double error = metric.get("scoreError").asDouble();
		return new Stats(metric.get("score").asDouble(), Double.isNaN(error) ? 0 : error, count);
	}

}
