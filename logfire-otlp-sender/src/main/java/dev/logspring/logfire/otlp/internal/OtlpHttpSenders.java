package dev.logspring.logfire.otlp.internal;

import java.util.List;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;

/**
 * Hands our {@link OtlpHttpSender} to an OTLP exporter builder through its component loader.
 * Call only where {@code io.opentelemetry.sdk.common.export.HttpSenderProvider} is present
 * (OpenTelemetry SDK 1.59 and later).
 */
public final class OtlpHttpSenders {

	private OtlpHttpSenders() {
	}

	/** What exporter builders load instead of the service-loaded senders. */
	public static ComponentLoader componentLoader() {
		ComponentLoader fallback = ComponentLoader.forClassLoader(OtlpHttpSenders.class.getClassLoader());
		HttpSenderProvider provider = OtlpHttpSender::new;
		return new ComponentLoader() {

			@Override
			@SuppressWarnings("unchecked")
			public <T> Iterable<T> load(Class<T> type) {
				return (type == HttpSenderProvider.class) ? List.of((T) provider) : fallback.load(type);
			}

		};
	}

}
