package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The window keeps a fixed amount of state however many samples arrive, forgets what slid out,
 * and ranks percentiles with HdrHistogram's precision.
 */
class SlidingWindowTest {

	private static final long T0 = 1_700_000_040_000L; // a multiple of every slot length used here

	@Test
	void percentilesMatchExactRanksWithinOnePercent() {
		SlidingWindow window = new SlidingWindow(Duration.ofSeconds(60), 95);
		Random random = new Random(42);
		double[] samples = new double[50_000];
		for (int i = 0; i < samples.length; i++) {
			// long-tailed latencies from 0.2 ms to a few seconds
			samples[i] = 0.2 + Math.exp(random.nextGaussian() * 1.5 + 3);
			window.record(T0 + (i % 60_000), samples[i], false, null);
		}
		Arrays.sort(samples);
		double exact = samples[(int) Math.ceil(0.95 * samples.length) - 1];
		SlidingWindow.Snapshot snapshot = window.snapshot(T0 + 59_999);
		assertThat(snapshot.count()).isEqualTo(samples.length);
		assertThat(snapshot.percentile()).isCloseTo(exact, within(exact * 0.01));
		assertThat(snapshot.max()).isEqualTo(samples[samples.length - 1]);
	}

	@Test
	void samplesSlideOutAfterTheWindow() {
		SlidingWindow window = new SlidingWindow(Duration.ofSeconds(10), 99);
		window.record(T0, 5000, true, "GET /slow");
		window.record(T0 + 6_000, 10, false, "GET /fast");
		assertThat(window.snapshot(T0 + 9_000).count()).isEqualTo(2);
		SlidingWindow.Snapshot later = window.snapshot(T0 + 12_000);
		assertThat(later.count()).isOne();
		assertThat(later.hits()).isZero();
		assertThat(later.percentile()).isCloseTo(10, within(0.1));
		assertThat(window.snapshot(T0 + 17_000).count()).isZero();
	}

	@Test
	void aSampleOlderThanTheWindowIsIgnored() {
		SlidingWindow window = new SlidingWindow(Duration.ofSeconds(10), Double.NaN);
		window.record(T0 + 20_000, 1, false, null);
		window.record(T0, 1, false, null); // same slot in the ring, ten seconds too old
		assertThat(window.snapshot(T0 + 20_000).count()).isOne();
	}

	@Test
	void labelsStayBoundedAndTheTopOnesAreThoseWithMostHits() {
		SlidingWindow window = new SlidingWindow(Duration.ofSeconds(60), Double.NaN);
		for (int route = 0; route < 1000; route++) {
			window.record(T0, 1, false, "GET /r" + route);
		}
		for (int i = 0; i < 7; i++) {
			window.record(T0, 1, true, "GET /r3");
		}
		window.record(T0, 1, true, "GET /r5");
		SlidingWindow.Snapshot snapshot = window.snapshot(T0);
		assertThat(snapshot.count()).isEqualTo(1008);
		assertThat(snapshot.top()).containsExactly(new SlidingWindow.Label("GET /r3", 7, 8),
				new SlidingWindow.Label("GET /r5", 1, 2));
		window.record(T0, 1, true, "GET /r999");
		assertThat(window.snapshot(T0).top()).contains(new SlidingWindow.Label(SlidingWindow.OTHER_LABEL, 1, 985));
	}

	@Test
	void aggregatedPointsAddUpAndTheirValuesAreRanked() {
		SlidingWindow window = new SlidingWindow(Duration.ofSeconds(10), 50);
		window.recordPoint(T0, 4, 10, 1, 4, new double[] { 1, 2, 3, 4 }, new long[] { 1, 1, 1, 1 });
		window.recordPoint(T0 + 1000, 2, 2000, 900, 1100, new double[] { 1000 }, new long[] { 2 });
		SlidingWindow.Snapshot snapshot = window.snapshot(T0 + 1000);
		assertThat(snapshot.count()).isEqualTo(6);
		assertThat(snapshot.sum()).isEqualTo(2010);
		assertThat(snapshot.min()).isEqualTo(1);
		assertThat(snapshot.max()).isEqualTo(1100);
		assertThat(snapshot.percentile()).isCloseTo(3, within(0.05));
	}

}
