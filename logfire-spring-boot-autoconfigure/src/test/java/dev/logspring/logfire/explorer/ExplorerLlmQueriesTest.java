package dev.logspring.logfire.explorer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.testsupport.GeneratedTraffic;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The LLM panel's numbers from model calls whose tokens, costs, outcomes and durations are
 * known: per model, and the slowest calls with their traces.
 */
class ExplorerLlmQueriesTest {

	private final GeneratedTraffic traffic = new GeneratedTraffic("assistant");

	private final ExplorerStore store = new ExplorerStore(properties());

	@AfterEach
	void close() {
		this.traffic.close();
		this.store.close();
	}

	private static LogfireExplorerProperties properties() {
		LogfireExplorerProperties properties = new LogfireExplorerProperties();
		return properties;
	}

	private SpanData call(String model, Instant start, double durationMs, long input, long output, double cost,
			boolean failed) {
		Span span = this.traffic.child("Chat Completion with {request_data[model]!r}", Span.getInvalid(), start);
		span.setAttribute("gen_ai.request.model", model);
		span.setAttribute("gen_ai.response.model", model + "-2025-01-01");
		span.setAttribute("gen_ai.usage.input_tokens", input);
		span.setAttribute("gen_ai.usage.output_tokens", output);
		span.setAttribute("operation.cost", cost);
		if (failed) {
			span.setStatus(StatusCode.ERROR);
		}
		return this.traffic.end(span, start, durationMs);
	}

	@Test
	void perModelCallsErrorsTokensCostAndLatencyAndTheSlowestCalls() {
		Instant now = Instant.now();
		List<SpanData> spans = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			spans.add(call("gpt-4o-mini", now.minusSeconds(i), 100 * i, 20, 10, 0.0001, i == 3));
		}
		for (int i = 1; i <= 4; i++) {
			spans.add(call("gpt-4o", now.minusSeconds(i), 2000 + i, 50, 25, 0.002, false));
		}
		// Outside the window, and not a model call: not counted.
		spans.add(call("gpt-4o", now.minus(Duration.ofHours(2)), 9000, 50, 25, 0.002, false));
		spans.add(this.traffic.request("GET", "/chat", "/chat", 200, now, 12000));
		this.store.ingest(spans);

		ExplorerQueries queries = new ExplorerQueries(this.store);
		List<Map<String, Object>> models = rows(queries.llmModels(Duration.ofMinutes(15)));
		assertThat(models).extracting((m) -> m.get("model")).containsExactly("gpt-4o-mini", "gpt-4o");
		Map<String, Object> mini = models.get(0);
		assertThat(((Number) mini.get("calls")).longValue()).isEqualTo(10);
		assertThat(((Number) mini.get("errors")).longValue()).isEqualTo(1);
		assertThat(((Number) mini.get("input_tokens")).longValue()).isEqualTo(200);
		assertThat(((Number) mini.get("output_tokens")).longValue()).isEqualTo(100);
		assertThat(((Number) mini.get("cost")).doubleValue()).isCloseTo(0.001, within(1e-9));
		// Durations 100..1000 ms: median 550, p95 955 (linear interpolation).
		assertThat(((Number) mini.get("p50_ms")).doubleValue()).isCloseTo(550, within(0.01));
		assertThat(((Number) mini.get("p95_ms")).doubleValue()).isCloseTo(955, within(0.01));
		assertThat(((Number) models.get(1).get("calls")).longValue()).isEqualTo(4);

		List<Map<String, Object>> slowest = rows(queries.slowestLlmCalls(Duration.ofMinutes(15), 5));
		assertThat(slowest).extracting((c) -> ((Number) c.get("duration_ms")).doubleValue())
			.containsExactly(2004.0, 2003.0, 2002.0, 2001.0, 1000.0);
		SpanData slowestCall = spans.get(13);
		assertThat(slowest.get(0).get("trace_id")).isEqualTo(slowestCall.getTraceId());
		assertThat(slowest.get(0).get("span_id")).isEqualTo(slowestCall.getSpanId());
	}

	private static List<Map<String, Object>> rows(QueryResult result) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (List<Object> row : result.rows()) {
			Map<String, Object> named = new java.util.LinkedHashMap<>();
			for (int i = 0; i < result.columns().size(); i++) {
				named.put(result.columns().get(i), row.get(i));
			}
			rows.add(named);
		}
		return rows;
	}

}
