package dev.logspring.logfire.metrics;

import java.util.List;
import java.util.function.Supplier;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * OpenTelemetry's {@code http.server.request.duration} and {@code http.client.request.duration}
 * (seconds), recorded from the HTTP spans themselves as each one ends: the span's own duration
 * and attributes, so a request is timed once, whichever instrumentation made its span (Spring MVC,
 * WebFlux, RestClient, RestTemplate, WebClient, LLM calls). A SERVER or CLIENT span counts when it
 * carries {@code http.request.method}. Runs on the thread that ends the span: a few attribute
 * reads and one histogram update.
 */
public final class HttpDurationMetrics implements SpanProcessor {

	static final String SERVER_DURATION = "http.server.request.duration";

	static final String CLIENT_DURATION = "http.client.request.duration";

	/** The bucket boundaries the semantic conventions advise for both metrics, in seconds. */
	static final List<Double> ADVISED_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0,
			2.5, 5.0, 7.5, 10.0);

	/** What the conventions put on the server metric (beside the method), in their order. */
	private static final List<AttributeKey<?>> SERVER_KEYS = List.of(UrlAttributes.URL_SCHEME,
			HttpAttributes.HTTP_ROUTE, HttpAttributes.HTTP_RESPONSE_STATUS_CODE, ErrorAttributes.ERROR_TYPE,
			NetworkAttributes.NETWORK_PROTOCOL_VERSION);

	/** What the conventions put on the client metric (beside the method and the URL's scheme). */
	private static final List<AttributeKey<?>> CLIENT_KEYS = List.of(ServerAttributes.SERVER_ADDRESS,
			ServerAttributes.SERVER_PORT, HttpAttributes.HTTP_RESPONSE_STATUS_CODE, ErrorAttributes.ERROR_TYPE,
			NetworkAttributes.NETWORK_PROTOCOL_VERSION);

	private static final double NANOS_PER_SECOND = 1e9;

	/** Created on the first span: the meter provider is built beside the tracer provider. */
	private final Supplier<Histograms> histograms;

	public HttpDurationMetrics(Supplier<? extends MeterProvider> meterProvider) {
		this.histograms = SingletonSupplier.of(() -> new Histograms(meterProvider.get().get(Logfire.INSTRUMENTATION_NAME)));
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanKind kind = span.getKind();
		if (kind != SpanKind.SERVER && kind != SpanKind.CLIENT) {
			return;
		}
		String method = span.getAttribute(HttpAttributes.HTTP_REQUEST_METHOD);
		if (method == null) {
			return;
		}
		try {
			AttributesBuilder attributes = Attributes.builder().put(HttpAttributes.HTTP_REQUEST_METHOD, method);
			boolean server = kind == SpanKind.SERVER;
			if (!server) {
				String scheme = scheme(span.getAttribute(UrlAttributes.URL_FULL));
				if (scheme != null) {
					attributes.put(UrlAttributes.URL_SCHEME, scheme);
				}
			}
			for (AttributeKey<?> key : server ? SERVER_KEYS : CLIENT_KEYS) {
				copy(span, key, attributes);
			}
			Histograms histograms = this.histograms.get();
			DoubleHistogram histogram = server ? histograms.server : histograms.client;
			histogram.record(span.getLatencyNanos() / NANOS_PER_SECOND, attributes.build());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP duration metrics", ex);
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	private static <T> void copy(ReadableSpan span, AttributeKey<T> key, AttributesBuilder attributes) {
		T value = span.getAttribute(key);
		if (value != null) {
			attributes.put(key, value);
		}
	}

	/** {@code https} of {@code https://host/path}; null when there is no scheme. */
	private static @Nullable String scheme(String url) {
		int end = (url != null) ? url.indexOf("://") : -1;
		return (end > 0) ? url.substring(0, end) : null;
	}

	private static final class Histograms {

		private final DoubleHistogram server;

		private final DoubleHistogram client;

		Histograms(Meter meter) {
			this.server = histogram(meter, SERVER_DURATION, "Duration of HTTP server requests.");
			this.client = histogram(meter, CLIENT_DURATION, "Duration of HTTP client requests.");
		}

		private static DoubleHistogram histogram(Meter meter, String name, String description) {
			return meter.histogramBuilder(name)
				.setUnit("s")
				.setDescription(description)
				.setExplicitBucketBoundariesAdvice(ADVISED_BUCKETS)
				.build();
		}

	}

}
