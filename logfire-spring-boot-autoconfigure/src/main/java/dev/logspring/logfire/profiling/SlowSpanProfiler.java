package dev.logspring.logfire.profiling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogEmitter;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Names the hot methods of slow spans from JDK Flight Recorder's execution samples.
 * <p>
 * A recording stream samples running threads ({@code jdk.ExecutionSample}) and keeps the
 * recent samples of each thread, bounded. On the application's thread a span's end costs one
 * comparison with the threshold; a slow span is queued with the thread that ended it. JFR hands
 * samples over about a second late, in flushes, so the span is described once a whole flush has
 * passed since it ended, as a log under it (a span cannot change after it ends, and holding
 * every slow span back a second would delay all consumers and cost memory per span).
 */
public final class SlowSpanProfiler implements SpanProcessor, SmartLifecycle {

	static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

	static final String TEMPLATE = "hot methods of {profiled_span}: {hot_method}";

	static final AttributeKey<String> PROFILED_SPAN = AttributeKey.stringKey("profiled_span");

	static final AttributeKey<String> HOT_METHOD = AttributeKey.stringKey("hot_method");

	static final AttributeKey<Long> SAMPLES = AttributeKey.longKey("profiling.samples");

	static final AttributeKey<Long> SAMPLE_PERIOD = AttributeKey.longKey("profiling.sample_period_ms");

	static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

	static final String HOT_METHODS = "profiling.hot_methods";

	/** Slow spans waiting for their samples; beyond it they go unprofiled. */
	private static final int MAX_PENDING = 1024;

	/** How long JFR keeps the chunks it has written for the stream. */
	private static final Duration MAX_AGE = Duration.ofSeconds(30);

	private final long thresholdNanos;

	private final Duration samplePeriod;

	private final int maxFrames;

	private final Supplier<LogEmitter> logs;

	private final ThreadSamples samples;

	private final BlockingQueue<SlowSpan> pending = new ArrayBlockingQueue<>(MAX_PENDING);

	/** Slow spans whose samples may not all have arrived yet; the stream's thread only. */
	private final List<SlowSpan> waiting = new ArrayList<>();

	/** When the previous flush was handled, epoch nanos; the stream's thread only. */
	private long previousFlushNanos;

	private @Nullable LogEmitter emitter;

	private volatile @Nullable RecordingStream stream;

	public SlowSpanProfiler(Settings settings, Supplier<LogEmitter> logs) {
		this.thresholdNanos = settings.threshold().toNanos();
		this.samplePeriod = settings.samplePeriod();
		this.maxFrames = settings.maxFrames();
		this.logs = logs;
		this.samples = new ThreadSamples(settings.maxSamplesPerThread(), settings.maxThreads());
	}

	/** What is profiled and how much is kept; the meaning of each is on {@code logfire.profiling.*}. */
	public record Settings(Duration threshold, Duration samplePeriod, int maxFrames, int maxSamplesPerThread,
			int maxThreads) {
	}

	/** A slow span waiting for its samples; {@code name} is its message, as people read it. */
	private record SlowSpan(SpanContext context, String name, long startNanos, long endNanos, long threadId,
			String threadName) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getLatencyNanos() < this.thresholdNanos || this.stream == null
				|| !span.getSpanContext().isSampled()) {
			return;
		}
		try {
			SpanData data = span.toSpanData();
			String message = data.getAttributes().get(LogfireAttributes.MSG);
			Thread thread = Thread.currentThread();
			// Full: this one goes without a profile rather than anything waiting.
			this.pending.offer(new SlowSpan(data.getSpanContext(), (message != null) ? message : data.getName(),
					data.getStartEpochNanos(), data.getEndEpochNanos(), thread.getId(), thread.getName()));
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("profiling", ex);
		}
	}

	@Override
	public void start() {
		try {
			this.emitter = this.logs.get();
			RecordingStream recording = new RecordingStream();
			recording.enable(EXECUTION_SAMPLE).withPeriod(this.samplePeriod);
			recording.setMaxAge(MAX_AGE);
			recording.onEvent(EXECUTION_SAMPLE, this::record);
			recording.onFlush(this::reportReady);
			recording.onError((ex) -> TelemetryErrors.report("profiling", ex));
			recording.startAsync();
			this.stream = recording;
		}
		catch (RuntimeException | LinkageError ex) {
			TelemetryErrors.report("profiling (JDK Flight Recorder could not start)", ex);
		}
	}

	@Override
	public void stop() {
		RecordingStream recording = this.stream;
		this.stream = null;
		if (recording != null) {
			recording.close();
		}
		this.pending.clear();
	}

	@Override
	public boolean isRunning() {
		return this.stream != null;
	}

	private void record(RecordedEvent event) {
		try {
			RecordedThread thread = event.getThread("sampledThread");
			RecordedStackTrace stack = event.getStackTrace();
			if (thread == null || stack == null || stack.getFrames().isEmpty()) {
				return;
			}
			RecordedFrame top = stack.getFrames().get(0);
			RecordedMethod method = top.getMethod();
			this.samples.add(thread.getJavaThreadId(), epochNanos(event.getStartTime()),
					method.getType().getName() + "." + method.getName());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("profiling", ex);
		}
	}

	/**
	 * Describes the slow spans that ended before the previous flush was handled: every sample
	 * taken while they ran was written by a flush that has been read since.
	 */
	private void reportReady() {
		try {
			long now = epochNanos(Instant.now());
			this.pending.drainTo(this.waiting);
			for (Iterator<SlowSpan> spans = this.waiting.iterator(); spans.hasNext();) {
				SlowSpan span = spans.next();
				if (span.endNanos() < this.previousFlushNanos) {
					spans.remove();
					report(span);
				}
			}
			this.previousFlushNanos = now;
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("profiling", ex);
		}
	}

	/** Emits the hot methods of {@code span} as a log under it; nothing when no sample fell in it. */
	private void report(SlowSpan span) {
		ThreadSamples.Profile profile = this.samples.between(span.threadId(), span.startNanos(), span.endNanos(),
				this.maxFrames);
		if (profile.samples() == 0) {
			return;
		}
		String hottest = profile.hotMethods().get(0).method();
		List<Map<String, Object>> methods = new ArrayList<>();
		for (ThreadSamples.HotMethod method : profile.hotMethods()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("method", method.method());
			entry.put("samples", method.samples());
			methods.add(entry);
		}
		AttributesBuilder attributes = Attributes.builder()
			.put(PROFILED_SPAN, span.name())
			.put(HOT_METHOD, hottest)
			.put(SAMPLES, (long) profile.samples())
			.put(SAMPLE_PERIOD, this.samplePeriod.toMillis())
			.put(THREAD_NAME, span.threadName());
		AttributeValues.JsonSchema schema = new AttributeValues.JsonSchema();
		AttributeValues.put(attributes, HOT_METHODS, methods, schema, AttributeValues.DEFAULT_MAX_JSON_LENGTH);
		schema.applyTo(attributes);
		String message = "hot methods of " + span.name() + ": " + hottest;
		try (Scope scope = Context.root().with(Span.wrap(span.context())).makeCurrent()) {
			this.emitter.emit(Level.INFO, TEMPLATE, message, attributes.build(), null,
					Instant.ofEpochSecond(0, span.endNanos()));
		}
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

}
