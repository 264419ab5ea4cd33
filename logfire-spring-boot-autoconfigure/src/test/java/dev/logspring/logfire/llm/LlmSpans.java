package dev.logspring.logfire.llm;

import java.util.List;

import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading LLM spans and metrics as the OTLP receiver decoded them.
 */
final class LlmSpans {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private LlmSpans() {
	}

	static List<ReceivedSpan> llmSpans(OtlpReceiver receiver) {
		return receiver.spans().stream().filter((span) -> tags(span).contains("LLM")
				&& "span".equals(span.string("logfire.span_type"))).toList();
	}

	static List<String> tags(ReceivedSpan span) {
		return strings(span.attribute("logfire.tags"));
	}

	static List<String> strings(AnyValue value) {
		if (value == null) {
			return List.of();
		}
		return value.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList();
	}

	static Double doubleValue(ReceivedSpan span, String key) {
		AnyValue value = span.attribute(key);
		return (value != null) ? value.getDoubleValue() : null;
	}

	static JsonNode json(ReceivedSpan span, String key) {
		String text = span.string(key);
		return (text != null) ? JSON.readTree(text) : null;
	}

	/** Every string attribute value of every received span, JSON included. */
	static String everything(OtlpReceiver receiver) {
		StringBuilder all = new StringBuilder();
		receiver.spans().forEach((span) -> {
			all.append(span.name()).append('\n');
			span.span().getAttributesList().forEach((kv) -> all.append(kv.getKey()).append('=').append(kv.getValue()).append('\n'));
			span.span().getEventsList().forEach((event) -> all.append(event).append('\n'));
		});
		return all.toString();
	}

	static Metric metric(OtlpReceiver receiver, String name) {
		return receiver.metrics().stream().filter((m) -> m.getName().equals(name)).findFirst().orElseThrow(
				() -> new AssertionError("no metric " + name + " in " + receiver.metrics().stream().map(Metric::getName).toList()));
	}

	/** The sum of the token-usage histogram's points whose token type is {@code type}. */
	static double tokenSum(OtlpReceiver receiver, String type) {
		double sum = 0;
		for (Metric metric : receiver.metrics()) {
			if (!metric.getName().equals("gen_ai.client.token.usage")) {
				continue;
			}
			for (ExponentialHistogramDataPoint point : metric.getExponentialHistogram().getDataPointsList()) {
				if (point.getAttributesList().stream().anyMatch((kv) -> kv.getKey().equals("gen_ai.token.type")
						&& kv.getValue().getStringValue().equals(type))) {
					sum += point.getSum();
				}
			}
		}
		return sum;
	}

	static double costSum(OtlpReceiver receiver) {
		return receiver.metrics().stream().filter((m) -> m.getName().equals("gen_ai.client.cost"))
			.flatMap((m) -> m.getSum().getDataPointsList().stream()).mapToDouble((p) -> p.getAsDouble()).sum();
	}

}
