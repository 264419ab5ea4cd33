package dev.logspring.logfire.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireMetric;
import dev.logspring.logfire.api.LogfireSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Logfire} the starter builds over the application's OpenTelemetry SDK: spans and logs
 * in Logfire's shape through its tracer, metrics through its meter.
 */
public final class DefaultLogfire extends Logfire {

	private static final TextMapSetter<Map<String, String>> MAP_SETTER = (carrier, key, value) -> {
		if (carrier != null) {
			carrier.put(key, value);
		}
	};

	private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			if (carrier == null) {
				return null;
			}
			String value = carrier.get(key);
			if (value == null) {
				// Header maps often keep the sender's capitalisation.
				for (Map.Entry<String, String> entry : carrier.entrySet()) {
					if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(key)) {
						return entry.getValue();
					}
				}
			}
			return value;
		}

	};

	private final Tracer tracer;

	private final LogEmitter logs;

	private final Meter meter;

	private final Level minLevel;

	private final int maxJsonLength;

	private final List<String> tags;

	private final Map<String, LogfireMetric> metrics;

	private final TextMapPropagator propagator;

	private final boolean recordThreadUsage;

	public DefaultLogfire(OpenTelemetry openTelemetry, Level minLevel, int maxJsonLength) {
		this(openTelemetry.getTracer(INSTRUMENTATION_NAME), openTelemetry.getMeter(INSTRUMENTATION_NAME), minLevel,
				maxJsonLength, List.of(), new ConcurrentHashMap<>(), openTelemetry.getPropagators().getTextMapPropagator(),
				false);
	}

	private DefaultLogfire(Tracer tracer, Meter meter, Level minLevel, int maxJsonLength, List<String> tags,
			Map<String, LogfireMetric> metrics, TextMapPropagator propagator, boolean recordThreadUsage) {
		this.propagator = propagator;
		this.recordThreadUsage = recordThreadUsage;
		this.tracer = tracer;
		this.logs = new LogEmitter(tracer, minLevel);
		this.meter = meter;
		this.minLevel = minLevel;
		this.maxJsonLength = maxJsonLength;
		this.tags = tags;
		this.metrics = metrics;
	}

	/**
	 * Makes {@code logfire} the {@link Logfire#global()} instance, for the auto-configuration
	 * (which may publish an application's own {@link Logfire} bean).
	 */
	public static void makeGlobal(Logfire logfire) {
		setGlobal(logfire);
	}

	/** Clears the global instance if it is still {@code logfire} (when its application stops). */
	public static void releaseGlobal(Logfire logfire) {
		resetGlobal(logfire);
	}

	@Override
	public Logfire withTags(String... tags) {
		List<String> combined = new ArrayList<>(this.tags);
		combined.addAll(Arrays.asList(tags));
		return new DefaultLogfire(this.tracer, this.meter, this.minLevel, this.maxJsonLength, List.copyOf(combined),
				this.metrics, this.propagator, this.recordThreadUsage);
	}

	@Override
	public Logfire withThreadUsage(boolean record) {
		return new DefaultLogfire(this.tracer, this.meter, this.minLevel, this.maxJsonLength, this.tags, this.metrics,
				this.propagator, record);
	}

	@Override
	public Level minLevel() {
		return this.minLevel;
	}

	// ---- spans

	@Override
	public LogfireSpan span(String template, Map<String, ?> attributes) {
		try {
			Span span = startSpan(template, attributes, Context.current()).startSpan();
			return new DefaultLogfireSpan(span, span.makeCurrent(), this.maxJsonLength,
					this.recordThreadUsage ? ThreadUsage.start() : null);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.span", ex);
			return new DefaultLogfireSpan(Span.getInvalid(), Scope.noop(), this.maxJsonLength, null);
		}
	}

	// ---- logs

	@Override
	public void log(Level level, String template, Map<String, ?> attributes, @Nullable Throwable exception) {
		if (!this.logs.isEnabled(level)) {
			return;
		}
		try {
			Map<String, ?> values = (attributes != null) ? attributes : Map.of();
			this.logs.emit(level, template, MessageTemplate.of(template).format(values::get),
					(builder) -> setTagsAndAttributes(builder, values), exception, Instant.now());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.log", ex);
		}
	}

	private SpanBuilder startSpan(String template, Map<String, ?> attributes, Context parent) {
		Map<String, ?> values = (attributes != null) ? attributes : Map.of();
		SpanBuilder builder = this.tracer.spanBuilder(template)
			.setParent(parent)
			.setAttribute(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_SPAN)
			.setAttribute(LogfireAttributes.MSG_TEMPLATE, template)
			.setAttribute(LogfireAttributes.MSG, MessageTemplate.of(template).format(values::get));
		setTagsAndAttributes(builder, values);
		return builder;
	}

	private void setTagsAndAttributes(SpanBuilder builder, Map<String, ?> values) {
		if (!this.tags.isEmpty()) {
			builder.setAttribute(LogfireAttributes.TAGS, this.tags);
		}
		setAttributes(builder, values);
	}

	/** Scalars straight on the builder; other values as JSON, described in logfire.json_schema. */
	private void setAttributes(SpanBuilder builder, Map<String, ?> values) {
		AttributeValues.JsonSchema schema = null;
		AttributesBuilder json = null;
		for (Map.Entry<String, ?> entry : values.entrySet()) {
			if (!AttributeValues.ScalarKeys.of(entry.getKey()).set(builder, entry.getValue())) {
				if (schema == null) {
					schema = new AttributeValues.JsonSchema();
					json = Attributes.builder();
				}
				AttributeValues.put(json, entry.getKey(), entry.getValue(), schema, this.maxJsonLength);
			}
		}
		if (json != null) {
			schema.applyTo(json);
			builder.setAllAttributes(json.build());
		}
	}

	// ---- metrics

	@Override
	public LogfireMetric counter(String name) {
		return this.metrics.computeIfAbsent("counter:" + name, (key) -> {
			var counter = this.meter.counterBuilder(name).ofDoubles().build();
			return (value, attributes) -> counter.add(value, toAttributes(attributes));
		});
	}

	@Override
	public LogfireMetric histogram(String name) {
		return this.metrics.computeIfAbsent("histogram:" + name, (key) -> {
			var histogram = this.meter.histogramBuilder(name).build();
			return (value, attributes) -> histogram.record(value, toAttributes(attributes));
		});
	}

	@Override
	public LogfireMetric gauge(String name) {
		return this.metrics.computeIfAbsent("gauge:" + name, (key) -> {
			var gauge = this.meter.gaugeBuilder(name).build();
			return (value, attributes) -> gauge.set(value, toAttributes(attributes));
		});
	}

	@Override
	public LogfireMetric upDownCounter(String name) {
		return this.metrics.computeIfAbsent("updown:" + name, (key) -> {
			var counter = this.meter.upDownCounterBuilder(name).ofDoubles().build();
			return (value, attributes) -> counter.add(value, toAttributes(attributes));
		});
	}

	@Override
	public void metric(String name, double value, Map<String, ?> attributes) {
		try {
			histogram(name).record(value, attributes);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.metric", ex);
		}
	}

	// ---- baggage and context propagation

	@Override
	public Scope baggage(Map<String, ?> entries) {
		try {
			BaggageBuilder builder = Baggage.current().toBuilder();
			entries.forEach((key, value) -> {
				if (key != null && value != null) {
					String text = AttributeValues.safeToString(value);
					builder.put(key, (text.length() > MAX_BAGGAGE_VALUE_LENGTH)
							? text.substring(0, MAX_BAGGAGE_VALUE_LENGTH) : text);
				}
			});
			return Context.current().with(builder.build()).makeCurrent();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.baggage", ex);
			return Scope.noop();
		}
	}

	@Override
	public void injectContext(Map<String, String> carrier) {
		try {
			this.propagator.inject(Context.current(), carrier, MAP_SETTER);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.injectContext", ex);
		}
	}

	@Override
	public Context extractContext(Map<String, String> carrier) {
		try {
			return this.propagator.extract(Context.current(), carrier, MAP_GETTER);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.extractContext", ex);
			return Context.current();
		}
	}

	/** Typed as span attributes are; a metric carries no {@code logfire.json_schema}. */
	private Attributes toAttributes(Map<String, ?> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return Attributes.empty();
		}
		AttributesBuilder builder = Attributes.builder();
		attributes.forEach((key, value) -> AttributeValues.put(builder, key, value, null, this.maxJsonLength));
		return builder.build();
	}

}
