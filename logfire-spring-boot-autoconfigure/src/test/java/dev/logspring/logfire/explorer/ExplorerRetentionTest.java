package dev.logspring.logfire.explorer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.logspring.logfire.testsupport.GeneratedTraffic;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention by count, age and size holds while spans flood in, and the newest spans are the
 * ones kept.
 */
class ExplorerRetentionTest {

	private final GeneratedTraffic traffic = new GeneratedTraffic("flood");

	private ExplorerStore store;

	@AfterEach
	void close() {
		this.traffic.close();
		if (this.store != null) {
			this.store.close();
		}
	}

	private ExplorerStore store(LogfireExplorerProperties properties) {
		this.store = new ExplorerStore(properties);
		return this.store;
	}

	private List<SpanData> batch(int size, Instant start, int payloadChars, Random random) {
		for (int i = 0; i < size; i++) {
			Span span = this.traffic.child("work " + i, Span.getInvalid(), start);
			if (payloadChars > 0) {
				span.setAttribute("payload", randomText(payloadChars, random));
			}
			this.traffic.end(span, start, 1);
		}
		return this.traffic.drain();
	}

	private static String randomText(int length, Random random) {
		// DuckDB does not compress in-memory tables: any text takes its length.
		return Long.toHexString(random.nextLong()) + "x".repeat(length);
	}

	private static long count(ExplorerStore store) {
		return ((Number) store.query("SELECT count(*) FROM records").rows().get(0).get(0)).longValue();
	}

	@Test
	void countBoundHoldsDuringAFloodAndKeepsTheNewestSpans() throws Exception {
		LogfireExplorerProperties properties = new LogfireExplorerProperties();
		properties.getRetention().setMaxSpans(5_000);
		ExplorerStore store = store(properties);
		Random random = new Random(1);
		List<Long> seen = new CopyOnWriteArrayList<>();
		AtomicBoolean flooding = new AtomicBoolean(true);
		Thread reader = new Thread(() -> {
			while (flooding.get()) {
				seen.add(count(store));
			}
		});
		reader.start();
		Instant start = Instant.now().minusSeconds(60);
		for (int i = 0; i < 100; i++) {
			store.ingest(batch(500, start.plusMillis(i * 100L), 0, random));
		}
		flooding.set(false);
		reader.join();

		assertThat(seen).isNotEmpty().allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(5_000));
		long stored = count(store);
		assertThat(stored).isBetween(4_000L, 5_000L);
		assertThat(store.stats().storedSpans()).isEqualTo(stored);
		assertThat(store.stats().expiredSpans()).isEqualTo(50_000 - stored);
		// The oldest kept span is newer than every deleted one: the newest were kept.
		Object oldestKept = store.query("SELECT min(start_timestamp) FROM records").rows().get(0).get(0);
		assertThat(Instant.parse(oldestKept.toString()))
			.isAfter(start.plusMillis(100L * (100 - (stored / 500) - 1)).minusMillis(1));
	}

	@Test
	void spansOlderThanMaxAgeAreDeleted() {
		LogfireExplorerProperties properties = new LogfireExplorerProperties();
		properties.getRetention().setMaxAge(Duration.ofMinutes(5));
		ExplorerStore store = store(properties);
		Random random = new Random(2);
		store.ingest(batch(300, Instant.now().minus(Duration.ofMinutes(6)), 0, random));
		store.ingest(batch(200, Instant.now().minus(Duration.ofMinutes(4)), 0, random));

		// The age sweep runs with the writes, at most once a second.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			store.ingest(batch(1, Instant.now(), 0, random));
			assertThat(store.query("SELECT count(*) FROM records WHERE start_timestamp < now() - INTERVAL 5 MINUTE")
				.rows()).containsExactly(List.of(0L));
		});
		assertThat(count(store)).isGreaterThanOrEqualTo(201);
		assertThat(store.stats().expiredSpans()).isEqualTo(300);
	}

	@Test
	void sizeBoundHoldsDuringAFloodOfLargeSpans() {
		LogfireExplorerProperties properties = new LogfireExplorerProperties();
		DataSize maxSize = DataSize.ofMegabytes(32);
		properties.getRetention().setMaxSize(maxSize);
		ExplorerStore store = store(properties);
		Random random = new Random(3);
		List<Long> sizes = new ArrayList<>();
		Instant start = Instant.now().minusSeconds(60);
		// About 8 KB per span: 40,000 spans are ten times the bound.
		for (int i = 0; i < 200; i++) {
			store.ingest(batch(200, start.plusMillis(i), 8000, random));
			sizes.add(store.stats().storedBytes());
		}

		assertThat(sizes).allSatisfy((bytes) -> assertThat(bytes).isLessThanOrEqualTo(maxSize.toBytes()));
		assertThat(sizes.get(sizes.size() - 1)).isGreaterThan(maxSize.toBytes() / 4);
		assertThat(store.stats().storedSpans()).isGreaterThan(1_000);
		assertThat(store.stats().expiredSpans()).isGreaterThan(30_000);
	}

}
