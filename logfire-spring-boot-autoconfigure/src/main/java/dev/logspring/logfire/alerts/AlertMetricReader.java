package dev.logspring.logfire.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Reads the metrics recorded through the Logfire or OpenTelemetry API for alerts on them. A
 * {@link MetricReader} registered on the SDK's meter provider: the SDK keeps a separate
 * aggregation per reader, so this reader's choices do not change what is exported.
 * <ul>
 * <li>Counters and histograms are read with delta temporality: each read returns what was
 * recorded since the previous one, which the window adds up.
 * <li>Gauges and up-down counters are read cumulatively: each read returns the current level,
 * one sample per evaluation.
 * <li>Histograms are aggregated as base-2 exponential histograms; their buckets feed the
 * window's HdrHistogram for percentiles (relative error within a few percent).
 * </ul>
 * The evaluator pulls ({@link #read}) once per evaluation, on its own thread.
 */
final class AlertMetricReader implements MetricReader {

	private volatile CollectionRegistration registration = CollectionRegistration.noop();

	@Override
	public void register(CollectionRegistration registration) {
		this.registration = registration;
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return switch (instrumentType) {
			case COUNTER, OBSERVABLE_COUNTER, HISTOGRAM -> AggregationTemporality.DELTA;
			default -> AggregationTemporality.CUMULATIVE;
		};
	}

	@Override
	public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return (instrumentType == InstrumentType.HISTOGRAM) ? Aggregation.base2ExponentialBucketHistogram()
				: Aggregation.defaultAggregation();
	}

	/** Collects every metric and feeds the windows of the alerts that read it, at {@code nowMillis}. */
	void read(List<AlertMonitor> monitors, long nowMillis) {
		Collection<MetricData> metrics = this.registration.collectAllMetrics();
		for (MetricData metric : metrics) {
			for (AlertMonitor monitor : monitors) {
				if (monitor.readsMetric(metric.getName())) {
					for (PointData point : metric.getData().getPoints()) {
						record(monitor.window(), point, nowMillis);
					}
				}
			}
		}
	}

	static void record(SlidingWindow window, PointData point, long nowMillis) {
		if (point instanceof DoublePointData value) {
			window.record(nowMillis, value.getValue(), false, null);
		}
		else if (point instanceof LongPointData value) {
			window.record(nowMillis, value.getValue(), false, null);
		}
		else if (point instanceof ExponentialHistogramPointData histogram) {
			recordExponential(window, histogram, nowMillis);
		}
		else if (point instanceof HistogramPointData histogram) {
			recordExplicit(window, histogram, nowMillis);
		}
	}

	/** Each bucket is represented by its geometric middle, kept within the point's min and max. */
	private static void recordExponential(SlidingWindow window, ExponentialHistogramPointData point, long nowMillis) {
		List<Double> values = new ArrayList<>();
		List<Long> counts = new ArrayList<>();
		if (point.getZeroCount() > 0) {
			values.add(0.0);
			counts.add(point.getZeroCount());
		}
		ExponentialHistogramBuckets buckets = point.getPositiveBuckets();
		double bucketWidthLog2 = Math.pow(2, -point.getScale());
		List<Long> bucketCounts = buckets.getBucketCounts();
		for (int i = 0; i < bucketCounts.size(); i++) {
			if (bucketCounts.get(i) > 0) {
				values.add(clamp(Math.pow(2, (buckets.getOffset() + i + 0.5) * bucketWidthLog2), point));
				counts.add(bucketCounts.get(i));
			}
		}
		window.recordPoint(nowMillis, point.getCount(), point.getSum(), point.hasMin() ? point.getMin() : Double.NaN,
				point.hasMax() ? point.getMax() : Double.NaN, toDoubles(values), toLongs(counts));
	}

	/** Each bucket is represented by its middle, the open-ended ones by the point's min or max. */
	private static void recordExplicit(SlidingWindow window, HistogramPointData point, long nowMillis) {
		List<Double> boundaries = point.getBoundaries();
		List<Long> bucketCounts = point.getCounts();
		double min = point.hasMin() ? point.getMin() : Double.NaN;
		double max = point.hasMax() ? point.getMax() : Double.NaN;
		double[] values = new double[bucketCounts.size()];
		long[] counts = new long[bucketCounts.size()];
		for (int i = 0; i < bucketCounts.size(); i++) {
			double lower = (i == 0) ? min : boundaries.get(i - 1);
			double upper = (i == boundaries.size()) ? max : boundaries.get(i);
			double middle = Double.isNaN(lower) ? upper : Double.isNaN(upper) ? lower : (lower + upper) / 2;
			values[i] = Double.isNaN(middle) ? 0 : middle;
			counts[i] = bucketCounts.get(i);
		}
		window.recordPoint(nowMillis, point.getCount(), point.getSum(), min, max, values, counts);
	}

	private static double clamp(double value, ExponentialHistogramPointData point) {
		double clamped = point.hasMin() ? Math.max(value, point.getMin()) : value;
		return point.hasMax() ? Math.min(clamped, point.getMax()) : clamped;
	}

	private static double[] toDoubles(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static long[] toLongs(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).toArray();
	}

	@Override
	public CompletableResultCode forceFlush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.registration = CollectionRegistration.noop();
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "AlertMetricReader";
	}

}
