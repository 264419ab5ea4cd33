package dev.logspring.logfire.testsupport;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import static org.awaitility.Awaitility.await;

/**
 * A {@link SpanExporter} bean the starter did not create, as a user or Boot would add one:
 * it must receive the same sanitized stream as every other consumer.
 */
public class RecordingSpanExporter implements SpanExporter {

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	@Override
	public CompletableResultCode export(Collection<SpanData> batch) {
		this.spans.addAll(batch);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/** Forgets what was recorded, for tests that record a flood of spans. */
	public void clear() {
		this.spans.clear();
	}

	public List<SpanData> spans() {
		return List.copyOf(this.spans);
	}

	public SpanData awaitSpan(Predicate<SpanData> condition) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> this.spans.stream().filter(condition).findFirst().orElse(null), (span) -> span != null);
	}

	public SpanData awaitSpanNamed(String name) {
		return awaitSpan((span) -> span.getName().equals(name));
	}

}
