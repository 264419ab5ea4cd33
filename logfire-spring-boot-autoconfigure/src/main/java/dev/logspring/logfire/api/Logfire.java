package dev.logspring.logfire.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogEmitter;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.MessageTemplate;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.ThreadUsage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.common.AttributeKey;
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

/**
 * The Logfire API: spans, logs and metrics in Logfire's shape. Inject it as a bean, or reach
 * the running application's instance statically with {@link #global()}.
 *
 * <pre>{@code
 * logfire.info("loaded data, {rows} rows", Map.of("rows", rows));
 * try (LogfireSpan span = logfire.span("model training")) { ... }
 * logfire.metric("model_accuracy", 0.93);
 * }</pre>
 *
 * Templates contain {@code {name}} placeholders filled from the attributes. Calls below the
 * configured minimum level create nothing. No method throws into the caller.
 */
public class Logfire {

	/** Instrumentation scope name of the spans and metrics this starter creates. */
	public static final String INSTRUMENTATION_NAME = "dev.logspring.logfire";

	/** Longest baggage value, as in Logfire. */
	public static final int MAX_BAGGAGE_VALUE_LENGTH = 1000;

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
		public String get(Map<String, String> carrier, String key) {
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

	private static volatile Logfire global = new Logfire(OpenTelemetry.noop(), Level.INFO,
			AttributeValues.DEFAULT_MAX_JSON_LENGTH);

	private final Tracer tracer;

	private final LogEmitter logs;

	private final Meter meter;

	private final Level minLevel;

	private final int maxJsonLength;

	private final List<String> tags;

	private final Map<String, LogfireMetric> metrics;

	private final TextMapPropagator propagator;

	private final boolean recordThreadUsage;

	public Logfire(OpenTelemetry openTelemetry, Level minLevel, int maxJsonLength) {
		this(openTelemetry.getTracer(INSTRUMENTATION_NAME), openTelemetry.getMeter(INSTRUMENTATION_NAME), minLevel,
				maxJsonLength, List.of(), new ConcurrentHashMap<>(), openTelemetry.getPropagators().getTextMapPropagator(),
				false);
	}

	private Logfire(Tracer tracer, Meter meter, Level minLevel, int maxJsonLength, List<String> tags,
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

	/** The instance of the running application (a no-op one before any application starts). */
	public static Logfire global() {
		return global;
	}

	/** Makes {@code logfire} the {@link #global()} instance; called by the auto-configuration. */
	public static void setGlobal(Logfire logfire) {
		global = logfire;
	}

	/** Clears the global instance if it is still {@code logfire} (when its application stops). */
	public static void resetGlobal(Logfire logfire) {
		if (global == logfire) {
			global = new Logfire(OpenTelemetry.noop(), Level.INFO, AttributeValues.DEFAULT_MAX_JSON_LENGTH);
		}
	}

	/** A view of this instance that adds {@code tags} to every span and log it creates. */
	public Logfire withTags(String... tags) {
		List<String> combined = new ArrayList<>(this.tags);
		combined.addAll(Arrays.asList(tags));
		return new Logfire(this.tracer, this.meter, this.minLevel, this.maxJsonLength, List.copyOf(combined),
				this.metrics, this.propagator, this.recordThreadUsage);
	}

	/**
	 * A view of this instance whose spans record (or not) the CPU time and heap bytes their
	 * thread spends in them, as {@code logfire.record-thread-usage} does for the application's.
	 */
	public Logfire withThreadUsage(boolean record) {
		return new Logfire(this.tracer, this.meter, this.minLevel, this.maxJsonLength, this.tags, this.metrics,
				this.propagator, record);
	}

	public Level minLevel() {
		return this.minLevel;
	}

	// ---- spans

	public LogfireSpan span(String template) {
		return span(template, Map.of());
	}

	/** Opens a span that is current until closed; use it with try-with-resources. */
	public LogfireSpan span(String template, Map<String, ?> attributes) {
		try {
			Span span = startSpan(template, attributes, Context.current()).startSpan();
			return new LogfireSpan(span, span.makeCurrent(), this.maxJsonLength,
					this.recordThreadUsage ? ThreadUsage.start() : null);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.span", ex);
			return new LogfireSpan(Span.getInvalid(), Scope.noop(), this.maxJsonLength, null);
		}
	}

	// ---- logs

	public void trace(String template) {
		log(Level.TRACE, template, Map.of(), null);
	}

	public void trace(String template, Map<String, ?> attributes) {
		log(Level.TRACE, template, attributes, null);
	}

	public void debug(String template) {
		log(Level.DEBUG, template, Map.of(), null);
	}

	public void debug(String template, Map<String, ?> attributes) {
		log(Level.DEBUG, template, attributes, null);
	}

	public void info(String template) {
		log(Level.INFO, template, Map.of(), null);
	}

	public void info(String template, Map<String, ?> attributes) {
		log(Level.INFO, template, attributes, null);
	}

	public void notice(String template) {
		log(Level.NOTICE, template, Map.of(), null);
	}

	public void notice(String template, Map<String, ?> attributes) {
		log(Level.NOTICE, template, attributes, null);
	}

	public void warn(String template) {
		log(Level.WARN, template, Map.of(), null);
	}

	public void warn(String template, Map<String, ?> attributes) {
		log(Level.WARN, template, attributes, null);
	}

	public void error(String template) {
		log(Level.ERROR, template, Map.of(), null);
	}

	public void error(String template, Map<String, ?> attributes) {
		log(Level.ERROR, template, attributes, null);
	}

	public void fatal(String template) {
		log(Level.FATAL, template, Map.of(), null);
	}

	public void fatal(String template, Map<String, ?> attributes) {
		log(Level.FATAL, template, attributes, null);
	}

	/** An error log carrying {@code exception} as Logfire's exception event. */
	public void exception(String template, Throwable exception) {
		log(Level.ERROR, template, Map.of(), exception);
	}

	public void exception(String template, Throwable exception, Map<String, ?> attributes) {
		log(Level.ERROR, template, attributes, exception);
	}

	/**
	 * Emits a log: a zero-duration span with {@code logfire.span_type=log}, the level, the
	 * template and the formatted message. An exception is recorded as Logfire's exception
	 * event; logs at level error and above have status ERROR.
	 */
	public void log(Level level, String template, Map<String, ?> attributes, Throwable exception) {
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

	/** A monotonic counter ({@code record} adds). Exported with delta temporality. */
	public LogfireMetric counter(String name) {
		return this.metrics.computeIfAbsent("counter:" + name, (key) -> {
			var counter = this.meter.counterBuilder(name).ofDoubles().build();
			return (value, attributes) -> counter.add(value, toAttributes(attributes));
		});
	}

	/** A histogram ({@code record} records a sample). Exported as an exponential histogram. */
	public LogfireMetric histogram(String name) {
		return this.metrics.computeIfAbsent("histogram:" + name, (key) -> {
			var histogram = this.meter.histogramBuilder(name).build();
			return (value, attributes) -> histogram.record(value, toAttributes(attributes));
		});
	}

	/** A gauge ({@code record} sets the current value). */
	public LogfireMetric gauge(String name) {
		return this.metrics.computeIfAbsent("gauge:" + name, (key) -> {
			var gauge = this.meter.gaugeBuilder(name).build();
			return (value, attributes) -> gauge.set(value, toAttributes(attributes));
		});
	}

	/** An up-down counter ({@code record} adds a positive or negative amount). */
	public LogfireMetric upDownCounter(String name) {
		return this.metrics.computeIfAbsent("updown:" + name, (key) -> {
			var counter = this.meter.upDownCounterBuilder(name).ofDoubles().build();
			return (value, attributes) -> counter.add(value, toAttributes(attributes));
		});
	}

	/** Records one sample of a business metric (a histogram), as in the seed's {@code metric(...)}. */
	public void metric(String name, double value) {
		metric(name, value, Map.of());
	}

	public void metric(String name, double value, Map<String, ?> attributes) {
		try {
			histogram(name).record(value, attributes);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.metric", ex);
		}
	}

	// ---- baggage and context propagation

	/**
	 * Puts {@code entries} in the baggage until the returned scope is closed: every span started
	 * inside gets each entry as an attribute, and calls made through instrumented HTTP clients
	 * carry them to other services. Values are converted with {@code toString()} and cut at
	 * 1000 characters.
	 *
	 * <pre>{@code
	 * try (var scope = logfire.baggage(Map.of("order_id", orderId, "user_id", userId))) { ... }
	 * }</pre>
	 */
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

	/**
	 * Writes the current trace context and baggage ({@code traceparent}, {@code tracestate},
	 * {@code baggage}) into {@code carrier}, for a call through a client this starter does not
	 * instrument (a message header map, a hand-made HTTP request).
	 */
	public void injectContext(Map<String, String> carrier) {
		try {
			this.propagator.inject(Context.current(), carrier, MAP_SETTER);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.injectContext", ex);
		}
	}

	/**
	 * The context (remote parent span and baggage) carried by {@code carrier}, written by
	 * {@link #injectContext} in another process; the current context when it carries none.
	 */
	public Context extractContext(Map<String, String> carrier) {
		try {
			return this.propagator.extract(Context.current(), carrier, MAP_GETTER);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("Logfire.extractContext", ex);
			return Context.current();
		}
	}

	/**
	 * Makes the context carried by {@code carrier} current until the returned scope is closed:
	 * spans started inside continue the remote trace.
	 *
	 * <pre>{@code
	 * try (var scope = logfire.attachContext(message.headers())) { ... }
	 * }</pre>
	 */
	public Scope attachContext(Map<String, String> carrier) {
		return extractContext(carrier).makeCurrent();
	}

	private static Attributes toAttributes(Map<String, ?> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return Attributes.empty();
		}
		AttributesBuilder builder = Attributes.builder();
		attributes.forEach((key, value) -> {
			if (value instanceof Boolean b) {
				builder.put(AttributeKey.booleanKey(key), b);
			}
			else if (value instanceof Double || value instanceof Float) {
				builder.put(AttributeKey.doubleKey(key), ((Number) value).doubleValue());
			}
			else if (value instanceof Number n) {
				builder.put(AttributeKey.longKey(key), n.longValue());
			}
			else if (value != null) {
				builder.put(AttributeKey.stringKey(key), AttributeValues.safeToString(value));
			}
		});
		return builder.build();
	}

}
