package dev.logspring.logfire.scrubbing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/** A span with its sanitized parts; everything else is read from the original. */
final class SanitizedSpanData extends DelegatingSpanData {

	private final String name;

	private final Attributes attributes;

	private final int totalAttributeCount;

	private final List<EventData> events;

	private final List<LinkData> links;

	private final StatusData status;

	SanitizedSpanData(SpanData original, String name, Attributes attributes, List<EventData> events,
			List<LinkData> links, StatusData status) {
		super(original);
		this.name = name;
		this.attributes = attributes;
		// Attributes the SDK dropped stay counted as dropped; ours (logfire.scrubbed) count as recorded.
		this.totalAttributeCount = Math.max(attributes.size(),
				original.getTotalAttributeCount() + attributes.size() - original.getAttributes().size());
		this.events = events;
		this.links = links;
		this.status = status;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Attributes getAttributes() {
		return this.attributes;
	}

	@Override
	public int getTotalAttributeCount() {
		return this.totalAttributeCount;
	}

	@Override
	public List<EventData> getEvents() {
		return this.events;
	}

	@Override
	public List<LinkData> getLinks() {
		return this.links;
	}

	@Override
	public StatusData getStatus() {
		return this.status;
	}

}
