package dev.logspring.logfire.profiling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.internal.BoundedCache;

/**
 * The most recent execution samples of each thread: for each, when it was taken and the method
 * on top of the stack. Bounded twice, by samples per thread (a ring) and by threads (the least
 * recently sampled is forgotten). Used by one thread only, the recording stream's.
 */
final class ThreadSamples {

	/** Method names seen, shared between samples; cleared when it reaches this size. */
	private static final int MAX_NAMES = 10_000;

	private final int samplesPerThread;

	private final Map<Long, Ring> threads;

	private final Map<String, String> names = new HashMap<>();

	ThreadSamples(int samplesPerThread, int maxThreads) {
		this.samplesPerThread = samplesPerThread;
		this.threads = BoundedCache.evictingMap(maxThreads, true);
	}

	/** A method and how many samples found it on top of the stack. */
	record HotMethod(String method, int samples) {
	}

	/** What a thread was seen running between two instants: sample count and hottest methods. */
	record Profile(int samples, List<HotMethod> hotMethods) {
	}

	void add(long threadId, long epochNanos, String method) {
		if (this.names.size() >= MAX_NAMES) {
			this.names.clear();
		}
		String shared = this.names.computeIfAbsent(method, (name) -> name);
		this.threads.computeIfAbsent(threadId, (id) -> new Ring(this.samplesPerThread)).add(epochNanos, shared);
	}

	/** The samples of {@code threadId} taken from {@code startNanos} to {@code endNanos}, both epoch. */
	Profile between(long threadId, long startNanos, long endNanos, int maxMethods) {
		Ring ring = this.threads.get(threadId);
		if (ring == null) {
			return new Profile(0, List.of());
		}
		Map<String, Integer> counts = new HashMap<>();
		int total = 0;
		for (int i = 0; i < ring.size; i++) {
			long time = ring.times[i];
			if (time >= startNanos && time <= endNanos) {
				counts.merge(ring.methods[i], 1, Integer::sum);
				total++;
			}
		}
		List<HotMethod> hot = new ArrayList<>(counts.size());
		counts.forEach((method, count) -> hot.add(new HotMethod(method, count)));
		hot.sort(Comparator.comparingInt(HotMethod::samples).reversed().thenComparing(HotMethod::method));
		return new Profile(total, List.copyOf(hot.subList(0, Math.min(maxMethods, hot.size()))));
	}

	int threadCount() {
		return this.threads.size();
	}

	/** Fixed-size ring; order does not matter, samples are selected by time. */
	private static final class Ring {

		final long[] times;

		final String[] methods;

		int size;

		int next;

		Ring(int capacity) {
			this.times = new long[capacity];
			this.methods = new String[capacity];
		}

		void add(long time, String method) {
			this.times[this.next] = time;
			this.methods[this.next] = method;
			this.next = (this.next + 1) % this.times.length;
			this.size = Math.min(this.size + 1, this.times.length);
		}

	}

}
