package dev.logspring.logfire.api;

import java.util.Collection;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A step over each exported batch after sanitizing and before the consumers, such as tail
 * sampling. Called from the single export thread; may hold spans back for a later batch.
 */
public interface ExportStage {

	Collection<SpanData> process(Collection<SpanData> spans);

	/** Releases what the stage still holds, at shutdown. */
	default Collection<SpanData> drain() {
		return java.util.List.of();
	}

}
