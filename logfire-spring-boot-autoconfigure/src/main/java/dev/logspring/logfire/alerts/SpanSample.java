package dev.logspring.logfire.alerts;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * What alerts read from one ended span: whether it is an HTTP server request, its route,
 * whether it failed, and how long it took. Reads OpenTelemetry's semantic conventions
 * ({@code http.response.status_code}, {@code http.route}, {@code http.request.method}) and
 * Micrometer's low-cardinality keys ({@code status}, {@code uri}, {@code method},
 * {@code outcome}) that Spring's observations put on the spans they create.
 */
record SpanSample(String name, boolean httpServer, @Nullable String route, String label, boolean error,
		double durationMillis, long endMillis) {

	private static final Key[] ROUTE_KEYS = Key.of("http.route", "uri");

	private static final Key[] METHOD_KEYS = Key.of("http.request.method", "method", "http.method");

	private static final Key[] STATUS_KEYS = Key.of("http.response.status_code", "status", "http.status_code");

	private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

	static SpanSample of(SpanData span) {
		Attributes attributes = span.getAttributes();
		String method = firstString(attributes, METHOD_KEYS);
		boolean httpServer = span.getKind() == SpanKind.SERVER && method != null;
		String route = firstString(attributes, ROUTE_KEYS);
		String label = (httpServer && route != null) ? method + " " + route : span.getName();
		return new SpanSample(span.getName(), httpServer, route, label, isError(span, attributes),
				(span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0, span.getEndEpochNanos() / 1_000_000);
	}

	/** A server error (5xx) for HTTP requests; otherwise a span whose status is ERROR. */
	private static boolean isError(SpanData span, Attributes attributes) {
		String status = firstString(attributes, STATUS_KEYS);
		if (status != null) {
			try {
				return Integer.parseInt(status.trim()) >= 500;
			}
			catch (NumberFormatException ex) {
				// a non-numeric status (e.g. UNKNOWN): decided below
			}
		}
		String outcome = attributes.get(OUTCOME);
		if (outcome != null) {
			return outcome.equals("SERVER_ERROR");
		}
		return span.getStatus().getStatusCode() == StatusCode.ERROR;
	}

	/** The first of {@code keys} present, as text, whether it was recorded as a string or a number. */
	private static @Nullable String firstString(Attributes attributes, Key[] keys) {
		for (Key key : keys) {
			String text = attributes.get(key.text());
			if (text != null) {
				return text;
			}
			Long number = attributes.get(key.number());
			if (number != null) {
				return number.toString();
			}
		}
		return null;
	}

	/** An attribute name under both types it is found with. */
	private record Key(AttributeKey<String> text, AttributeKey<Long> number) {

		static Key[] of(String... names) {
			Key[] keys = new Key[names.length];
			for (int i = 0; i < names.length; i++) {
				keys[i] = new Key(AttributeKey.stringKey(names[i]), AttributeKey.longKey(names[i]));
			}
			return keys;
		}

	}

}
