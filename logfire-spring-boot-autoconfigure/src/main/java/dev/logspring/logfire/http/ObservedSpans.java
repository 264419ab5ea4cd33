package dev.logspring.logfire.http;

import java.util.List;
import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.Attributes;

/**
 * Helpers for the tracing handlers that give Spring's HTTP observations Logfire's shape:
 * Micrometer spans to OpenTelemetry ones and back, attributes set before the span starts.
 */
public final class ObservedSpans {

	/**
	 * Key values of Spring's HTTP conventions that repeat what the semantic-convention
	 * attributes say ({@code http.url} even unredacted): kept for metrics, not put on spans.
	 */
	private static final Set<String> SPRING_HTTP_KEYS = Set.of("method", "uri", "status", "outcome", "exception",
			"http.url", "client.name", "error");

	private ObservedSpans() {
	}

	/** The OpenTelemetry span behind a Micrometer span of the OpenTelemetry bridge. */
	public static io.opentelemetry.api.trace.Span toOtel(Span span) {
		return (span instanceof OtelSpan) ? OtelSpan.toOtel(span) : io.opentelemetry.api.trace.Span.getInvalid();
	}

	/**
	 * Ends the observation's span without Micrometer's habit of setting status OK: the
	 * semantic conventions leave a successful (or 4xx) server span's status unset.
	 */
	public static void end(TracingObservationHandler.TracingContext tracing, Span span) {
		tracing.close();
		toOtel(span).end();
	}

	/** Puts {@code attributes} on a span before it starts, so that every span processor sees them. */
	@SuppressWarnings("unchecked")
	public static Span.Builder withAttributes(Span.Builder builder, Attributes attributes) {
		attributes.forEach((key, value) -> {
			switch (key.getType()) {
				case STRING -> builder.tag(key.getKey(), (String) value);
				case LONG -> builder.tag(key.getKey(), (Long) value);
				case DOUBLE -> builder.tag(key.getKey(), (Double) value);
				case BOOLEAN -> builder.tag(key.getKey(), (Boolean) value);
				case STRING_ARRAY -> builder.tagOfStrings(key.getKey(), (List<String>) value);
				default -> {
				}
			}
		});
		return builder;
	}

	/** Copies the observation's key values onto the span, except Spring's HTTP ones. */
	public static void tagWithoutSpringHttpKeys(Observation.Context context, Span span) {
		// Each set on its own: getAllKeyValues() would merge them into a new set first.
		tagWithoutSpringHttpKeys(context.getLowCardinalityKeyValues(), span);
		tagWithoutSpringHttpKeys(context.getHighCardinalityKeyValues(), span);
	}

	private static void tagWithoutSpringHttpKeys(Iterable<KeyValue> keyValues, Span span) {
		for (KeyValue keyValue : keyValues) {
			if (!SPRING_HTTP_KEYS.contains(keyValue.getKey())) {
				span.tag(keyValue.getKey(), keyValue.getValue());
			}
		}
	}

}
