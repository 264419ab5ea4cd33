package dev.logspring.logfire.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe memo that keeps the first {@code maxSize} keys it sees. A value computed for a
 * later key is returned but not kept: the constants of the code (templates, attribute names)
 * stay cached while keys made at run time cost no memory. {@link #evictingMap} is the
 * single-threaded kind that makes room by dropping its eldest entry instead.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BoundedCache<K, V> {

	private final Map<K, V> entries = new ConcurrentHashMap<>();

	private final int maxSize;

	public BoundedCache(int maxSize) {
		this.maxSize = maxSize;
	}

	/** The value cached for {@code key}, else the one {@code compute} makes, kept while there is room. */
	public V get(K key, Function<? super K, ? extends V> compute) {
		V value = this.entries.get(key);
		if (value == null) {
			value = compute.apply(key);
			if (this.entries.size() < this.maxSize) {
				V raced = this.entries.putIfAbsent(key, value);
				if (raced != null) {
					value = raced;
				}
			}
		}
		return value;
	}

	/**
	 * A map, not thread-safe, that drops its eldest entry beyond {@code maxSize}: the least
	 * recently used one with {@code accessOrder}, else the first inserted.
	 */
	public static <K, V> Map<K, V> evictingMap(int maxSize, boolean accessOrder) {
		return new LinkedHashMap<>(16, 0.75f, accessOrder) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
				return size() > maxSize;
			}

		};
	}

}
