package dev.logspring.logfire.api;

import java.util.Map;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

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
 * <p>
 * The starter provides the implementation; the abstract methods are what it implements, the
 * others are shorthands for them.
 */
public abstract class Logfire {

	/** Instrumentation scope name of the spans and metrics this starter creates. */
	public static final String INSTRUMENTATION_NAME = "dev.logspring.logfire";

	/** Longest baggage value, as in Logfire. */
	public static final int MAX_BAGGAGE_VALUE_LENGTH = 1000;

	private static final Logfire NOOP = new NoopLogfire();

	private static volatile Logfire global = NOOP;

	protected Logfire() {
	}

	/** The instance of the running application (a no-op one before any application starts). */
	public static Logfire global() {
		return global;
	}

	/** Makes {@code logfire} the {@link #global()} instance: for the implementation only. */
	protected static void setGlobal(Logfire logfire) {
		global = logfire;
	}

	/** Clears the global instance if it is still {@code logfire}: for the implementation only. */
	protected static void resetGlobal(Logfire logfire) {
		if (global == logfire) {
			global = NOOP;
		}
	}

	/** A view of this instance that adds {@code tags} to every span and log it creates. */
	public abstract Logfire withTags(String... tags);

	/**
	 * A view of this instance whose spans record (or not) the CPU time and heap bytes their
	 * thread spends in them, as {@code logfire.record-thread-usage} does for the application's.
	 */
	public abstract Logfire withThreadUsage(boolean record);

	/** The level below which logs and {@code @Traced} spans are not recorded. */
	public abstract Level minLevel();

	// ---- spans

	public LogfireSpan span(String template) {
		return span(template, Map.of());
	}

	/** Opens a span that is current until closed; use it with try-with-resources. */
	public abstract LogfireSpan span(String template, Map<String, ?> attributes);

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
	public abstract void log(Level level, String template, Map<String, ?> attributes, @Nullable Throwable exception);

	// ---- metrics

	/** A monotonic counter ({@code record} adds). Exported with delta temporality. */
	public abstract LogfireMetric counter(String name);

	/** A histogram ({@code record} records a sample). Exported as an exponential histogram. */
	public abstract LogfireMetric histogram(String name);

	/** A gauge ({@code record} sets the current value). */
	public abstract LogfireMetric gauge(String name);

	/** An up-down counter ({@code record} adds a positive or negative amount). */
	public abstract LogfireMetric upDownCounter(String name);

	/** Records one sample of a business metric (a histogram), as in the seed's {@code metric(...)}. */
	public void metric(String name, double value) {
		metric(name, value, Map.of());
	}

	/** Records one sample of a business metric (a histogram) with its attributes. */
	public abstract void metric(String name, double value, Map<String, ?> attributes);

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
	public abstract Scope baggage(Map<String, ?> entries);

	/**
	 * Writes the current trace context and baggage ({@code traceparent}, {@code tracestate},
	 * {@code baggage}) into {@code carrier}, for a call through a client this starter does not
	 * instrument (a message header map, a hand-made HTTP request).
	 */
	public abstract void injectContext(Map<String, String> carrier);

	/**
	 * The context (remote parent span and baggage) carried by {@code carrier}, written by
	 * {@link #injectContext} in another process; the current context when it carries none.
	 */
	public abstract Context extractContext(Map<String, String> carrier);

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

	/** What {@link #global()} returns before an application starts: records nothing. */
	private static final class NoopLogfire extends Logfire {

		private static final LogfireMetric METRIC = (value, attributes) -> {
		};

		@Override
		public Logfire withTags(String... tags) {
			return this;
		}

		@Override
		public Logfire withThreadUsage(boolean record) {
			return this;
		}

		@Override
		public Level minLevel() {
			return Level.INFO;
		}

		@Override
		public LogfireSpan span(String template, Map<String, ?> attributes) {
			return NoopLogfireSpan.INSTANCE;
		}

		@Override
		public void log(Level level, String template, Map<String, ?> attributes, @Nullable Throwable exception) {
		}

		@Override
		public LogfireMetric counter(String name) {
			return METRIC;
		}

		@Override
		public LogfireMetric histogram(String name) {
			return METRIC;
		}

		@Override
		public LogfireMetric gauge(String name) {
			return METRIC;
		}

		@Override
		public LogfireMetric upDownCounter(String name) {
			return METRIC;
		}

		@Override
		public void metric(String name, double value, Map<String, ?> attributes) {
		}

		@Override
		public Scope baggage(Map<String, ?> entries) {
			return Scope.noop();
		}

		@Override
		public void injectContext(Map<String, String> carrier) {
		}

		@Override
		public Context extractContext(Map<String, String> carrier) {
			return Context.current();
		}

	}

}
