package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * What an alert measures: one of the built-in request metrics computed from HTTP server spans
 * ({@code error_rate}, {@code p95_latency}, {@code p99_latency}, {@code request_rate}), or a
 * metric recorded through the Logfire or OpenTelemetry metric API with an aggregation.
 */
final class AlertMetric {

	static final String BUILT_IN = "error_rate, p95_latency, p99_latency (any pNN_latency), request_rate";

	static final String AGGREGATIONS = "avg, min, max, sum, count, or a percentile such as p50, p95, p99";

	private static final Pattern LATENCY = Pattern.compile("p(\\d{1,2}(?:\\.\\d+)?)_latency");

	private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d+)?)");

	/** OpenTelemetry's instrument name syntax. */
	private static final Pattern INSTRUMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,254}");

	enum Kind {

		ERROR_RATE, LATENCY, REQUEST_RATE, AVG, MIN, MAX, SUM, COUNT, PERCENTILE

	}

	private final String name;

	private final Kind kind;

	private final double percentile;

	private AlertMetric(String name, Kind kind, double percentile) {
		this.name = name;
		this.kind = kind;
		this.percentile = percentile;
	}

	/** Reads {@code logfire.alerts.<alert>.metric} and {@code .aggregation}, failing with the property's name. */
	static AlertMetric parse(String prefix, @Nullable String metric, @Nullable String aggregation) {
		if (!StringUtils.hasText(metric)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".metric", String.valueOf(metric),
					"one of " + BUILT_IN + ", or a recorded metric's name with " + prefix + ".aggregation");
		}
		String trimmed = metric.trim();
		Kind builtIn = builtIn(trimmed);
		if (builtIn != null) {
			if (StringUtils.hasText(aggregation)) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".aggregation", aggregation,
						"nothing: " + trimmed + " is a built-in metric and is already aggregated (remove it)");
			}
			Matcher latency = LATENCY.matcher(trimmed);
			return new AlertMetric(trimmed, builtIn, latency.matches() ? Double.parseDouble(latency.group(1)) : Double.NaN);
		}
		if (!StringUtils.hasText(aggregation)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".metric", trimmed, "one of " + BUILT_IN
					+ ", or a recorded metric's name together with " + prefix + ".aggregation (" + AGGREGATIONS + ")");
		}
		if (!INSTRUMENT_NAME.matcher(trimmed).matches()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".metric", trimmed,
					"a metric name as OpenTelemetry writes it (a letter, then letters, digits, _ . - /)");
		}
		String normalized = aggregation.trim().toLowerCase(Locale.ROOT);
		Matcher percentile = PERCENTILE.matcher(normalized);
		if (percentile.matches()) {
			return new AlertMetric(trimmed, Kind.PERCENTILE, Double.parseDouble(percentile.group(1)));
		}
		Kind kind = switch (normalized) {
			case "avg", "average", "mean" -> Kind.AVG;
			case "min" -> Kind.MIN;
			case "max" -> Kind.MAX;
			case "sum" -> Kind.SUM;
			case "count" -> Kind.COUNT;
			default -> throw new InvalidConfigurationPropertyValueException(prefix + ".aggregation", aggregation,
					"one of " + AGGREGATIONS);
		};
		return new AlertMetric(trimmed, kind, Double.NaN);
	}

	/** Whether {@code metric} names a built-in metric (computed from spans). */
	static boolean isBuiltIn(String metric) {
		return metric != null && builtIn(metric.trim()) != null;
	}

	private static @Nullable Kind builtIn(String metric) {
		if (metric.equals("error_rate")) {
			return Kind.ERROR_RATE;
		}
		if (metric.equals("request_rate")) {
			return Kind.REQUEST_RATE;
		}
		Matcher latency = LATENCY.matcher(metric);
		return (latency.matches() && Double.parseDouble(latency.group(1)) > 0) ? Kind.LATENCY : null;
	}

	/** The metric's name as configured. */
	String name() {
		return this.name;
	}

	Kind kind() {
		return this.kind;
	}

	/** Whether it is computed from spans (otherwise from recorded metrics). */
	boolean fromSpans() {
		return this.kind == Kind.ERROR_RATE || this.kind == Kind.LATENCY || this.kind == Kind.REQUEST_RATE;
	}

	/** The percentile the window must rank, or NaN. */
	double percentile() {
		return this.percentile;
	}

	/**
	 * Whether the value exists without samples (a count, a sum or a rate is 0 then). Such
	 * metrics are only evaluated once a whole window has been observed.
	 */
	boolean definedWhenEmpty() {
		return this.kind == Kind.REQUEST_RATE || this.kind == Kind.COUNT || this.kind == Kind.SUM;
	}

	/** The value over a window, or {@code null} when the window holds too few samples. */
	@Nullable Double value(SlidingWindow.Snapshot snapshot, Duration window, int minSamples) {
		if (definedWhenEmpty()) {
			return switch (this.kind) {
				case REQUEST_RATE -> snapshot.count() / (window.toMillis() / 1000.0);
				case COUNT -> (double) snapshot.count();
				default -> snapshot.sum();
			};
		}
		if (snapshot.count() == 0 || snapshot.count() < minSamples) {
			return null;
		}
		return switch (this.kind) {
			case ERROR_RATE -> (double) snapshot.hits() / snapshot.count();
			case AVG -> snapshot.sum() / snapshot.count();
			case MIN -> snapshot.min();
			case MAX -> snapshot.max();
			default -> Double.isNaN(snapshot.percentile()) ? null : snapshot.percentile();
		};
	}

	/** A short description for people: "error rate", "p95 latency", "avg of model_accuracy". */
	String describe() {
		return switch (this.kind) {
			case ERROR_RATE -> "error rate";
			case REQUEST_RATE -> "request rate";
			case LATENCY -> "p" + percentileText() + " latency";
			case PERCENTILE -> "p" + percentileText() + " of " + this.name;
			default -> this.kind.name().toLowerCase(Locale.ROOT) + " of " + this.name;
		};
	}

	/** What one sample is, for counts in messages ("requests", "samples"). */
	String sampleNoun() {
		return fromSpans() ? "requests" : "samples";
	}

	/** A value as people read it: 12.5% for a rate of errors, 1,234 ms, 3.2 req/s. */
	String format(double value) {
		return switch (this.kind) {
			case ERROR_RATE -> number(value * 100) + "%";
			case LATENCY -> number(value) + " ms";
			case REQUEST_RATE -> number(value) + " req/s";
			default -> number(value);
		};
	}

	private String percentileText() {
		return number(this.percentile);
	}

	/** Up to four significant digits, no trailing zeros, no exponent for everyday magnitudes. */
	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return String.valueOf(value);
		}
		java.math.BigDecimal decimal = new java.math.BigDecimal(value)
			.round(new java.math.MathContext(4, java.math.RoundingMode.HALF_UP))
			.stripTrailingZeros();
		return (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e9) || value == 0 ? decimal.toPlainString()
				: decimal.toString();
	}

	@Override
	public String toString() {
		return this.name;
	}

}
