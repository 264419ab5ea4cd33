package dev.logspring.logfire.sampling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.logspring.logfire.internal.LogfireAttributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * How many spans of each trace have started and not ended in this process, for tail sampling:
 * a trace is decided once every span started in it has ended, as Logfire 5 does, not when its
 * local root ends (an asynchronous child may outlive it). Updated at each span's start and end
 * (a map entry per running trace); logs, which end as they start, are skipped. At most
 * {@code maxTraces} traces are counted; spans of others leave their trace to be decided when
 * its root ends.
 */
public final class OpenTraces implements SpanProcessor {

	private final Map<String, Integer> openSpans = new ConcurrentHashMap<>();

	private final int maxTraces;

	public OpenTraces(int maxTraces) {
		this.maxTraces = maxTraces;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (!counts(span)) {
			return;
		}
		String traceId = span.getSpanContext().getTraceId();
		if (this.openSpans.size() < this.maxTraces || this.openSpans.containsKey(traceId)) {
			this.openSpans.merge(traceId, 1, Integer::sum);
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (!counts(span)) {
			return;
		}
		this.openSpans.computeIfPresent(span.getSpanContext().getTraceId(), (id, open) -> (open > 1) ? open - 1 : null);
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	private static boolean counts(ReadableSpan span) {
		return span.getSpanContext().isSampled()
				&& !LogfireAttributes.SPAN_TYPE_LOG.equals(span.getAttribute(LogfireAttributes.SPAN_TYPE));
	}

	/** Whether a span of {@code traceId} is still running here. */
	public boolean hasOpenSpans(String traceId) {
		return this.openSpans.containsKey(traceId);
	}

}
