package dev.logspring.logfire.explorer;

import java.time.Duration;

/**
 * The dashboard's questions, asked of {@code records} in SQL like any other query.
 */
final class ExplorerQueries {

	/**
	 * The seed's Explore query on this table: per endpoint over the last hour, for one service,
	 * request count, average and p95 latency, and 5xx count.
	 */
	public static final String SEED_QUERY = """
			SELECT
			  http_method || ' ' || http_route AS endpoint,
			  COUNT(*) AS request_count,
			  AVG(duration_ms) AS avg_latency,
			  PERCENTILE(duration_ms, 95) AS p95_latency,
			  SUM(CASE WHEN http_response_status_code >= 500 THEN 1 ELSE 0 END) AS error_count
			FROM records
			WHERE service_name = '%s'
			AND start_timestamp > NOW() - INTERVAL '1 hour'
			AND http_route IS NOT NULL
			GROUP BY endpoint
			ORDER BY avg_latency DESC""";

	/** Server requests per route and time bucket: count, 5xx count, p95. */
	private static final String ROUTE_SERIES = """
			SELECT http_method || ' ' || http_route AS route,
			  (epoch_ms(start_timestamp) // ?) * ? AS bucket,
			  count(*) AS requests,
			  count(*) FILTER (WHERE http_response_status_code >= 500) AS errors,
			  quantile_cont(duration_ms, 0.95) AS p95_ms
			FROM records
			WHERE http_route IS NOT NULL AND otel_kind = 'server'
			  AND start_timestamp >= now() - to_microseconds(?)
			GROUP BY ALL
			ORDER BY bucket, route""";

	/** The seed's numbers per route over the dashboard's window. */
	private static final String ROUTE_SUMMARY = """
			SELECT http_method || ' ' || http_route AS route,
			  count(*) AS requests,
			  avg(duration_ms) AS avg_ms,
			  quantile_cont(duration_ms, 0.95) AS p95_ms,
			  count(*) FILTER (WHERE http_response_status_code >= 500) AS errors
			FROM records
			WHERE http_route IS NOT NULL AND otel_kind = 'server'
			  AND start_timestamp >= now() - to_microseconds(?)
			GROUP BY route
			ORDER BY requests DESC""";

	/** The latest traces, each described by its first span. */
	private static final String RECENT_TRACES = """
			SELECT trace_id,
			  arg_min(span_name, start_timestamp) AS root_span_name,
			  arg_min(message, start_timestamp) AS root_message,
			  min(start_timestamp) AS start_timestamp,
			  (epoch_us(max(end_timestamp)) - epoch_us(min(start_timestamp))) / 1000.0 AS duration_ms,
			  count(*) AS span_count,
			  max(level_num) AS max_level_num,
			  bool_or(otel_status_code = 'ERROR' OR level_num >= 17) AS has_error,
			  arg_min(service_name, start_timestamp) AS service_name
			FROM records
			WHERE trace_id IN (
			  SELECT trace_id FROM records GROUP BY trace_id ORDER BY max(end_timestamp) DESC LIMIT ?)
			GROUP BY trace_id
			ORDER BY start_timestamp DESC""";

	/**
	 * One trace as a tree, depth first: each span with its depth and its offset from the start of
	 * the trace. Spans whose parent is not stored (remote or expired) are roots.
	 */
	private static final String TRACE_TREE = """
			WITH RECURSIVE spans AS (
			  SELECT * FROM records WHERE trace_id = ?
			), tree AS (
			  SELECT span_id, 0 AS depth, [epoch_us(start_timestamp)::VARCHAR || span_id] AS path
			  FROM spans
			  WHERE parent_span_id IS NULL OR parent_span_id NOT IN (SELECT span_id FROM spans)
			  UNION ALL
			  SELECT s.span_id, t.depth + 1,
			    list_append(t.path, epoch_us(s.start_timestamp)::VARCHAR || s.span_id)
			  FROM spans s JOIN tree t ON s.parent_span_id = t.span_id
			)
			SELECT s.span_id, s.parent_span_id, t.depth, s.span_name, s.message, s.level, s.kind, s.otel_kind,
			  (epoch_us(s.start_timestamp) - min(epoch_us(s.start_timestamp)) OVER ()) / 1000.0 AS offset_ms,
			  s.duration_ms, s.otel_status_code, s.http_route, s.http_response_status_code,
			  s.exception_type, s.exception_message, s.attributes
			FROM tree t JOIN spans s USING (span_id)
			ORDER BY t.path""";

	/**
	 * Model calls over a window: LLM spans (those with a requested model) with their model,
	 * tokens, cost and outcome pulled out of the attributes. Logs that carry a model (the end of a
	 * streamed answer) are not calls.
	 */
	private static final String LLM_CALLS = """
			WITH calls AS (
			  SELECT trace_id, span_id, start_timestamp, duration_ms, message,
			    coalesce(attributes->>'$."gen_ai.request.model"', attributes->>'$."gen_ai.response.model"') AS model,
			    TRY_CAST(attributes->>'$."gen_ai.usage.input_tokens"' AS BIGINT) AS input_tokens,
			    TRY_CAST(attributes->>'$."gen_ai.usage.output_tokens"' AS BIGINT) AS output_tokens,
			    TRY_CAST(attributes->>'$."operation.cost"' AS DOUBLE) AS cost,
			    (otel_status_code = 'ERROR' OR level_num >= 17) AS failed
			  FROM records
			  WHERE kind = 'span' AND start_timestamp >= now() - to_microseconds(?)
			    AND coalesce(attributes->>'$."gen_ai.request.model"', attributes->>'$."gen_ai.response.model"') IS NOT NULL
			)
			""";

	/** Per model: calls, errors, tokens, cost, median and p95 latency. */
	private static final String LLM_MODELS = LLM_CALLS + """
			SELECT model, count(*) AS calls, count(*) FILTER (WHERE failed) AS errors,
			  sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost) AS cost,
			  quantile_cont(duration_ms, 0.5) AS p50_ms, quantile_cont(duration_ms, 0.95) AS p95_ms
			FROM calls
			GROUP BY model
			ORDER BY calls DESC, model""";

	/** The slowest model calls, each with its trace. */
	private static final String LLM_SLOWEST = LLM_CALLS + """
			SELECT model, trace_id, span_id, start_timestamp, duration_ms, message, input_tokens, output_tokens, cost, failed
			FROM calls
			ORDER BY duration_ms DESC
			LIMIT ?""";

	private final ExplorerStore store;

	public ExplorerQueries(ExplorerStore store) {
		this.store = store;
	}

	public QueryResult routeSeries(Duration window, Duration bucket) {
		long bucketMillis = Math.max(1, bucket.toMillis());
		return this.store.select(ROUTE_SERIES, bucketMillis, bucketMillis, window.toNanos() / 1000);
	}

	public QueryResult routeSummary(Duration window) {
		return this.store.select(ROUTE_SUMMARY, window.toNanos() / 1000);
	}

	public QueryResult llmModels(Duration window) {
		return this.store.select(LLM_MODELS, window.toNanos() / 1000);
	}

	public QueryResult slowestLlmCalls(Duration window, int limit) {
		return this.store.select(LLM_SLOWEST, window.toNanos() / 1000, limit);
	}

	public QueryResult recentTraces(int limit) {
		return this.store.select(RECENT_TRACES, limit);
	}

	public QueryResult traceTree(String traceId) {
		return this.store.select(TRACE_TREE, traceId);
	}

	/** The seed's query for {@code serviceName}, as the SQL box offers it. */
	public static String seedQuery(String serviceName) {
		return SEED_QUERY.formatted(serviceName.replace("'", "''"));
	}

}
