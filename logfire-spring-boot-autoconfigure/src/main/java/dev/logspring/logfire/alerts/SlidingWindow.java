package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.IntCountsHistogram;
import org.jspecify.annotations.Nullable;

/**
 * Samples of the last {@code window}, in a ring of {@value #SLOTS} time slots so that memory
 * stays fixed however many samples arrive: each slot keeps a count, a sum, min and max, the
 * number of "hits" (errors, slow requests), a few labels with their counts (routes, to tell a
 * person where to look) and, when a percentile is wanted, an HdrHistogram (two significant
 * digits). The window slides one slot at a time (a twentieth of its length).
 * <p>
 * Written by the span consumer and the evaluator thread, read by the evaluator: every method
 * is synchronized, and each holds the lock for a few microseconds.
 */
final class SlidingWindow {

	static final int SLOTS = 20;

	/** Labels kept per slot; more go to {@link #OTHER_LABEL} so a flood of routes stays bounded. */
	static final int MAX_LABELS = 16;

	static final String OTHER_LABEL = "(other)";

	private static final int SIGNIFICANT_DIGITS = 2;

	private final long slotMillis;

	private final double percentile;

	private final Slot[] slots = new Slot[SLOTS];

	private final @Nullable DoubleHistogram merged;

	/** @param percentile the percentile {@link Snapshot#percentile()} reports, or NaN for none */
	SlidingWindow(Duration window, double percentile) {
		this.slotMillis = Math.max(1, window.toMillis() / SLOTS);
		this.percentile = percentile;
		for (int i = 0; i < SLOTS; i++) {
			this.slots[i] = new Slot(!Double.isNaN(percentile));
		}
		this.merged = Double.isNaN(percentile) ? null : newHistogram();
	}

	static DoubleHistogram newHistogram() {
		return new DoubleHistogram(SIGNIFICANT_DIGITS, IntCountsHistogram.class);
	}

	/** Records one sample; samples older than the window are ignored. */
	synchronized void record(long timeMillis, double value, boolean hit, @Nullable String label) {
		Slot slot = slotFor(timeMillis);
		if (slot != null) {
			slot.add(1, value, value, value, hit ? 1 : 0, label);
			slot.recordValue(value, 1);
		}
	}

	/**
	 * Records an already aggregated point (a metric's collection interval): its count, sum,
	 * min, max and, for percentiles, representative values with their counts.
	 */
	synchronized void recordPoint(long timeMillis, long count, double sum, double min, double max, double[] values,
			long[] counts) {
		Slot slot = slotFor(timeMillis);
		if (slot != null && count > 0) {
			slot.add(count, sum, min, max, 0, null);
			for (int i = 0; i < values.length; i++) {
				slot.recordValue(values[i], counts[i]);
			}
		}
	}

	private @Nullable Slot slotFor(long timeMillis) {
		long index = Math.floorDiv(timeMillis, this.slotMillis);
		Slot slot = this.slots[(int) Math.floorMod(index, SLOTS)];
		if (slot.index == index) {
			return slot;
		}
		if (index < slot.index) {
			return null; // older than the window: the slot already holds a later period
		}
		slot.reset(index);
		return slot;
	}

	/** What the window holds at {@code nowMillis}: the current slot and the {@code SLOTS - 1} before it. */
	synchronized Snapshot snapshot(long nowMillis) {
		long newest = Math.floorDiv(nowMillis, this.slotMillis);
		long oldest = newest - SLOTS + 1;
		long count = 0;
		long hits = 0;
		double sum = 0;
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		Map<String, long[]> labels = new HashMap<>();
		if (this.merged != null) {
			this.merged.reset();
		}
		for (Slot slot : this.slots) {
			if (slot.index < oldest || slot.index > newest || slot.count == 0) {
				continue;
			}
			count += slot.count;
			hits += slot.hits;
			sum += slot.sum;
			min = Math.min(min, slot.min);
			max = Math.max(max, slot.max);
			slot.labels.forEach((label, counts) -> {
				long[] total = labels.computeIfAbsent(label, (key) -> new long[2]);
				total[0] += counts[0];
				total[1] += counts[1];
			});
			if (this.merged != null && slot.histogram != null) {
				this.merged.add(slot.histogram);
			}
		}
		double percentileValue = (this.merged != null && this.merged.getTotalCount() > 0)
				? this.merged.getValueAtPercentile(this.percentile) : Double.NaN;
		return new Snapshot(count, hits, sum, min, max, percentileValue, topLabels(labels));
	}

	/** The three labels with the most hits; labels without hits say nothing about where to look. */
	private static List<Label> topLabels(Map<String, long[]> labels) {
		List<Label> top = new ArrayList<>();
		labels.forEach((label, counts) -> {
			if (counts[1] > 0) {
				top.add(new Label(label, counts[1], counts[0]));
			}
		});
		top.sort(Comparator.comparingLong(Label::hits).thenComparingLong(Label::samples).reversed());
		return List.copyOf(top.subList(0, Math.min(3, top.size())));
	}

	/** A window's content at one instant. {@code percentile} is NaN when there is nothing to rank. */
	record Snapshot(long count, long hits, double sum, double min, double max, double percentile, List<Label> top) {

		static final Snapshot EMPTY = new Snapshot(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, List.of());

	}

	/** A label (a route) with its hits (errors, slow requests) and samples in the window. */
	record Label(String label, long hits, long samples) {
	}

	private static final class Slot {

		long index = Long.MIN_VALUE;

		long count;

		long hits;

		double sum;

		double min;

		double max;

		final Map<String, long[]> labels = new LinkedHashMap<>();

		final @Nullable DoubleHistogram histogram;

		Slot(boolean histogram) {
			this.histogram = histogram ? newHistogram() : null;
		}

		void reset(long index) {
			this.index = index;
			this.count = 0;
			this.hits = 0;
			this.sum = 0;
			this.min = Double.POSITIVE_INFINITY;
			this.max = Double.NEGATIVE_INFINITY;
			this.labels.clear();
			if (this.histogram != null) {
				this.histogram.reset();
			}
		}

		void add(long count, double sum, double min, double max, long hits, @Nullable String label) {
			this.count += count;
			this.sum += sum;
			if (!Double.isNaN(min)) {
				this.min = Math.min(this.min, min);
			}
			if (!Double.isNaN(max)) {
				this.max = Math.max(this.max, max);
			}
			this.hits += hits;
			if (label != null) {
				long[] counts = this.labels.get(label);
				if (counts == null) {
					counts = this.labels.computeIfAbsent((this.labels.size() < MAX_LABELS) ? label : OTHER_LABEL,
							(key) -> new long[2]);
				}
				counts[0] += count;
				counts[1] += hits;
			}
		}

		void recordValue(double value, long count) {
			// HdrHistogram ranks non-negative values only; negative ones still count in count/sum/min/max.
			if (this.histogram != null && value >= 0 && Double.isFinite(value)) {
				this.histogram.recordValueWithCount(value, count);
			}
		}

	}

}
