package dev.logspring.logfire.propagation;

import java.util.Objects;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Copies each baggage entry onto every span started in its scope, as Logfire does: the entry
 * becomes an attribute of the same name, or {@code baggage_conflict.<name>} when the span
 * already has that attribute with another value; values are cut at 1000 characters. Runs on
 * the application's thread at span start: without baggage it costs one context lookup.
 */
public final class BaggageSpanProcessor implements SpanProcessor {

	static final String CONFLICT_PREFIX = "baggage_conflict.";

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		Baggage baggage = Baggage.fromContext(parentContext);
		if (baggage.isEmpty()) {
			return;
		}
		try {
			baggage.forEach((key, entry) -> {
				String value = truncate(entry.getValue());
				Object existing = existingValue(span, key);
				String attribute = (existing == null || Objects.equals(String.valueOf(existing), value)) ? key
						: CONFLICT_PREFIX + key;
				span.setAttribute(AttributeKey.stringKey(attribute), value);
			});
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("baggage attributes", ex);
		}
	}

	/** The span's attribute named {@code key}, of any scalar type, or {@code null}. */
	private static @Nullable Object existingValue(ReadableSpan span, String key) {
		Object value = span.getAttribute(AttributeKey.stringKey(key));
		if (value == null) {
			value = span.getAttribute(AttributeKey.longKey(key));
		}
		if (value == null) {
			value = span.getAttribute(AttributeKey.doubleKey(key));
		}
		if (value == null) {
			value = span.getAttribute(AttributeKey.booleanKey(key));
		}
		return value;
	}

	static String truncate(String value) {
		return (value != null && value.length() > Logfire.MAX_BAGGAGE_VALUE_LENGTH) ? value.substring(0, Logfire.MAX_BAGGAGE_VALUE_LENGTH) : value;
	}

	@Override
	public boolean isEndRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
