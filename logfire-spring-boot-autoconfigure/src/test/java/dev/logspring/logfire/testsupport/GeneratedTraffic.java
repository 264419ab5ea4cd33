package dev.logspring.logfire.testsupport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Spans made by a real OpenTelemetry SDK with chosen timestamps, durations and HTTP outcomes,
 * for tests that need known numbers (the expected values are computed from what was generated).
 */
public final class GeneratedTraffic implements AutoCloseable {

	private final Map<String, SpanData> ended = new LinkedHashMap<>();

	private final SdkTracerProvider provider;

	private final Tracer tracer;

	public GeneratedTraffic(String serviceName) {
		this.provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault().merge(Resource.create(Attributes.builder()
				.put("service.name", serviceName)
				.build())))
			.addSpanProcessor(new Collector())
			.build();
		this.tracer = this.provider.get("generated-traffic");
	}

	/** One ended server span for a request, as the HTTP instrumentation records it. */
	public SpanData request(String method, String route, String path, int status, Instant start, double durationMs) {
		Span span = serverSpan(method, route, path, status, start, null);
		return end(span, start, durationMs);
	}

	/** Starts a server span; end it with {@link #end}. */
	public Span serverSpan(String method, String route, String path, int status, Instant start, Span parent) {
		Span span = this.tracer.spanBuilder(method + " " + route)
			.setSpanKind(SpanKind.SERVER)
			.setParent((parent != null) ? Context.root().with(parent) : Context.root())
			.setStartTimestamp(start)
			.setAttribute("http.request.method", method)
			.setAttribute("http.route", route)
			.setAttribute("url.path", path)
			.setAttribute("http.response.status_code", (long) status)
			.startSpan();
		if (status >= 500) {
			span.setStatus(StatusCode.ERROR);
		}
		return span;
	}

	/** Starts an internal span under {@code parent}. */
	public Span child(String name, Span parent, Instant start) {
		return this.tracer.spanBuilder(name)
			.setParent(Context.root().with(parent))
			.setStartTimestamp(start)
			.setAttribute("logfire.msg_template", name)
			.setAttribute("logfire.msg", name)
			.setAttribute("logfire.span_type", "span")
			.startSpan();
	}

	public SpanData end(Span span, Instant start, double durationMs) {
		long endNanos = TimeUnit.SECONDS.toNanos(start.getEpochSecond()) + start.getNano()
				+ Math.round(durationMs * 1_000_000);
		span.end(endNanos, TimeUnit.NANOSECONDS);
		return spanWithId(span.getSpanContext().getSpanId());
	}

	public synchronized SpanData spanWithId(String spanId) {
		return this.ended.get(spanId);
	}

	/** Every span ended so far, in the order they ended. */
	public synchronized List<SpanData> spans() {
		return List.copyOf(this.ended.values());
	}

	/** The spans ended since the last call, which are then forgotten (for floods). */
	public synchronized List<SpanData> drain() {
		List<SpanData> spans = List.copyOf(this.ended.values());
		this.ended.clear();
		return spans;
	}

	/** Keeps each span as it ends, on the ending thread. */
	private final class Collector implements SpanProcessor {

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			synchronized (GeneratedTraffic.this) {
				GeneratedTraffic.this.ended.put(span.getSpanContext().getSpanId(), span.toSpanData());
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

	@Override
	public void close() {
		this.provider.close();
	}

}
