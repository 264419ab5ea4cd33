package dev.logspring.logfire.pending;

import dev.logspring.logfire.internal.LogfireAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The {@code pending_span} copy of a running span, built as Logfire's Python
 * {@code PendingSpanProcessor} and JS SDK build it: the span's name, kind, scope, resource,
 * attributes, events, links and status; {@code logfire.span_type=pending_span};
 * {@code logfire.pending_parent_id} set to the real span's parent id (16 zeros for a root);
 * a span id of its own in the same trace; the real span as its parent; starting and ending when
 * the real span started. Ended already, it is queued for export like any ended span.
 */
final class PendingSpan extends DelegatingSpanData implements ReadableSpan {

	private static final IdGenerator IDS = IdGenerator.random();

	private final SpanContext context;

	private final Attributes attributes;

	private PendingSpan(SpanData real) {
		super(real);
		SpanContext realContext = real.getSpanContext();
		this.context = SpanContext.create(realContext.getTraceId(), IDS.generateSpanId(), realContext.getTraceFlags(),
				realContext.getTraceState());
		SpanContext parent = real.getParentSpanContext();
		this.attributes = real.getAttributes()
			.toBuilder()
			.put(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_PENDING)
			.put(LogfireAttributes.PENDING_PARENT_ID, parent.isValid() ? parent.getSpanId() : SpanId.getInvalid())
			.build();
	}

	static PendingSpan of(SpanData real) {
		return new PendingSpan(real);
	}

	@Override
	public SpanContext getSpanContext() {
		return this.context;
	}

	@Override
	public SpanContext getParentSpanContext() {
		return super.getSpanContext();
	}

	@Override
	public Attributes getAttributes() {
		return this.attributes;
	}

	@Override
	public int getTotalAttributeCount() {
		return super.getTotalAttributeCount() + this.attributes.size() - super.getAttributes().size();
	}

	@Override
	public long getEndEpochNanos() {
		return getStartEpochNanos();
	}

	@Override
	public boolean hasEnded() {
		return true;
	}

	@Override
	public SpanData toSpanData() {
		return this;
	}

	@Override
	public long getLatencyNanos() {
		return 0;
	}

	@Override
	public <T> T getAttribute(AttributeKey<T> key) {
		return this.attributes.get(key);
	}

}
