package dev.logspring.logfire.llm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.logspring.logfire.api.ExportStage;
import dev.logspring.logfire.internal.BoundedCache;
import dev.logspring.logfire.internal.LogfireAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.Ordered;

/**
 * Rolls the token usage and cost of LLM calls up into the spans around them, as Logfire does with
 * its {@code logfire.metrics} attribute: the LLM span and each of its ancestors in this process
 * carry {@code {"gen_ai.client.token.usage": {"details": [{"attributes": {...}, "total": n}],
 * "total": n}, "operation.cost": {...}}}, so a request's span shows what its model calls cost.
 * <p>
 * Done on the export thread, from the spans' own attributes, in the order spans end: a child
 * ends before its parent, so what a span's descendants used is known when the span passes. Runs
 * first among the export stages (before tail sampling holds spans back). Memory is bounded: the
 * totals waiting for a parent that never comes (it ended first, or it is in another process) are
 * forgotten oldest first.
 */
public final class LlmMetricsInSpans implements ExportStage, Ordered {

	static final AttributeKey<String> METRICS = AttributeKey.stringKey("logfire.metrics");

	static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	static final String COST = "operation.cost";

	/** The attributes of each detail, as the token metric records them. */
	private static final List<AttributeKey<String>> DETAIL_KEYS = List.of(LlmTelemetry.OPERATION_NAME,
			LlmTelemetry.SYSTEM, LlmTelemetry.PROVIDER_NAME, LlmTelemetry.REQUEST_MODEL, LlmTelemetry.RESPONSE_MODEL);

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Totals of spans that have not passed yet, by span. */
	private final Map<String, Totals> pending;

	/**
	 * The parents of LLM spans that have passed: the log that closes a streamed answer ends after
	 * its LLM span, and its usage goes to the LLM span's ancestors.
	 */
	private final Map<String, String> passedLlmSpans;

	public LlmMetricsInSpans(int maxPendingSpans) {
		this.pending = BoundedCache.evictingMap(maxPendingSpans, false);
		this.passedLlmSpans = BoundedCache.evictingMap(maxPendingSpans, false);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public synchronized Collection<SpanData> process(Collection<SpanData> spans) {
		List<SpanData> result = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			result.add(roll(span));
		}
		return result;
	}

	private SpanData roll(SpanData span) {
		String key = key(span.getSpanContext());
		Totals totals = this.pending.remove(key);
		Totals own = Totals.of(span.getAttributes());
		boolean log = LogfireAttributes.SPAN_TYPE_LOG.equals(span.getAttributes().get(LogfireAttributes.SPAN_TYPE));
		String parent = parentKey(span);
		if (isLlmSpan(span) && parent != null) {
			this.passedLlmSpans.put(key, parent);
		}
		if (own != null) {
			totals = (totals != null) ? totals.add(own) : own;
		}
		if (totals == null) {
			return span;
		}
		// A span ended before this one (the call of a streamed answer): its ancestors get it.
		while (parent != null && this.passedLlmSpans.containsKey(parent)) {
			parent = this.passedLlmSpans.get(parent);
		}
		if (parent != null) {
			Totals parentTotals = this.pending.get(parent);
			this.pending.put(parent, (parentTotals != null) ? parentTotals.add(totals) : totals.copy());
		}
		return log ? span : new WithMetrics(span, totals.toJson());
	}

	private static boolean isLlmSpan(SpanData span) {
		List<String> tags = span.getAttributes().get(LogfireAttributes.TAGS);
		return tags != null && tags.contains(LlmTelemetry.TAG)
				&& !LogfireAttributes.SPAN_TYPE_LOG.equals(span.getAttributes().get(LogfireAttributes.SPAN_TYPE));
	}

	/** The parent's key when the parent is a span of this process, else null. */
	private static @Nullable String parentKey(SpanData span) {
		SpanContext parent = span.getParentSpanContext();
		return (parent.isValid() && !parent.isRemote()) ? key(parent) : null;
	}

	private static String key(SpanContext context) {
		return context.getTraceId() + context.getSpanId();
	}

	/** Totals by metric, then by the attributes of each detail (sorted by key, as Logfire sorts them). */
	static final class Totals {

		private final Map<String, Map<Map<String, String>, Double>> metrics = new LinkedHashMap<>();

		static @Nullable Totals of(Attributes attributes) {
			Long input = attributes.get(LlmTelemetry.INPUT_TOKENS);
			Long output = attributes.get(LlmTelemetry.OUTPUT_TOKENS);
			Double cost = attributes.get(LlmTelemetry.COST);
			if (input == null && output == null && cost == null) {
				return null;
			}
			Map<String, String> detail = new TreeMap<>();
			for (AttributeKey<String> key : DETAIL_KEYS) {
				String value = attributes.get(key);
				if (value != null) {
					detail.put(key.getKey(), value);
				}
			}
			Totals totals = new Totals();
			if (input != null) {
				totals.increment(TOKEN_USAGE, withTokenType(detail, "input"), input);
			}
			if (output != null) {
				totals.increment(TOKEN_USAGE, withTokenType(detail, "output"), output);
			}
			if (cost != null) {
				totals.increment(COST, detail, cost);
			}
			return totals;
		}

		private static Map<String, String> withTokenType(Map<String, String> detail, String type) {
			Map<String, String> typed = new TreeMap<>(detail);
			typed.put(LlmTelemetry.TOKEN_TYPE.getKey(), type);
			return typed;
		}

		private void increment(String metric, Map<String, String> attributes, double value) {
			this.metrics.computeIfAbsent(metric, (name) -> new LinkedHashMap<>()).merge(attributes, value, Double::sum);
		}

		Totals add(Totals other) {
			other.metrics.forEach((metric, details) -> details
				.forEach((attributes, value) -> increment(metric, attributes, value)));
			return this;
		}

		Totals copy() {
			return new Totals().add(this);
		}

		String toJson() {
			ObjectNode json = NODES.objectNode();
			this.metrics.forEach((metric, details) -> {
				ObjectNode node = json.putObject(metric);
				double total = 0;
				var array = node.putArray("details");
				for (Map.Entry<Map<String, String>, Double> detail : details.entrySet()) {
					ObjectNode entry = array.addObject();
					ObjectNode attributes = entry.putObject("attributes");
					detail.getKey().forEach(attributes::put);
					put(entry, metric, detail.getValue());
					total += detail.getValue();
				}
				put(node, metric, total);
			});
			return json.toString();
		}

		/** Token counts are whole numbers, costs are not. */
		private static void put(ObjectNode node, String metric, double total) {
			if (TOKEN_USAGE.equals(metric)) {
				node.put("total", Math.round(total));
			}
			else {
				node.put("total", total);
			}
		}

	}

	/** A span with its {@code logfire.metrics}. */
	private static final class WithMetrics extends DelegatingSpanData {

		private final Attributes attributes;

		WithMetrics(SpanData span, String metrics) {
			super(span);
			this.attributes = span.getAttributes().toBuilder().put(METRICS, metrics).build();
		}

		@Override
		public Attributes getAttributes() {
			return this.attributes;
		}

		@Override
		public int getTotalAttributeCount() {
			return super.getTotalAttributeCount() + 1;
		}

	}

}
