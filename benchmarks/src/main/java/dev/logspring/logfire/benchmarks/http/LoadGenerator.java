package dev.logspring.logfire.benchmarks.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A loopback HTTP load generator: closed-loop throughput (a fixed number of clients sending as
 * fast as answers come), and latency at a fixed request rate measured from each request's
 * intended start, so that a stalled server is not hidden by a stalled client (coordinated
 * omission).
 */
final class LoadGenerator {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** Requests answered 200 in each second of the run. */
	List<Double> throughput(URI uri, int clients, Duration duration) {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
		int seconds = (int) duration.toSeconds();
		AtomicLongArray perSecond = new AtomicLongArray(seconds);
		AtomicLong errors = new AtomicLong();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			Thread thread = new Thread(() -> {
				long now;
				while ((now = System.nanoTime()) < end) {
					try {
						HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
						int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
						if (response.statusCode() == 200 && second < seconds) {
							perSecond.incrementAndGet(second);
						}
						else if (response.statusCode() != 200) {
							errors.incrementAndGet();
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
			}, "load-" + i);
			thread.start();
			threads.add(thread);
		}
		threads.forEach(LoadGenerator::join);
		if (errors.get() > 0) {
			System.out.println("  " + errors.get() + " failed requests to " + uri);
		}
		List<Double> samples = new ArrayList<>();
		for (int i = 0; i < seconds; i++) {
			samples.add((double) perSecond.get(i));
		}
		return samples;
	}

	/** Latencies in microseconds of requests started at {@code rate} per second. */
	Histogram latencyAtRate(URI uri, int rate, Duration duration) {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
		Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(10), 3);
		long interval = 1_000_000_000L / rate;
		long total = duration.toSeconds() * rate;
		AtomicLong pending = new AtomicLong();
		long start = System.nanoTime();
		for (long i = 0; i < total; i++) {
			long intended = start + i * interval;
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			pending.incrementAndGet();
			this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				long micros = (System.nanoTime() - intended) / 1000;
				latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
				pending.decrementAndGet();
			});
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (pending.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		return latencies;
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
