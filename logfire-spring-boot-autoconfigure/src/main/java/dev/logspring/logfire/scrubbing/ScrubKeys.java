package dev.logspring.logfire.scrubbing;

import java.util.Set;

import dev.logspring.logfire.internal.BoundedCache;
import dev.logspring.logfire.scrubbing.ScrubPatterns.Found;
import org.jspecify.annotations.Nullable;

/**
 * How the value under each key is scrubbed: left alone, as text, or replaced whole because the
 * key matches a pattern. Keys are classified once and cached: attribute keys repeat from span to
 * span. Thread-safe.
 */
final class ScrubKeys {

	static final String STACKTRACE_KEY = "exception.stacktrace";

	/** Keys whose values are left alone, as in Logfire (prefixes {@code logfire.} and {@code code.} too). */
	private static final Set<String> SAFE_KEYS = Set.of("exception.type", "error.type", "http.method",
			"http.request.method", "http.status_code", "http.response.status_code", "http.scheme", "url.scheme",
			"http.route", "url.path", "event.name", "rpc.method", "db.plan", "logfire.msg_template",
			"logfire.json_schema", "logfire.tags", "logfire.level_num", "logfire.span_type", "logfire.scrubbed");

	/**
	 * Keys Logfire leaves alone that may still embed a secret (a query parameter, a password in
	 * SQL, a token in an exception message): scrubbed as text. {@code exception.stacktrace} is
	 * scrubbed as text on its message lines only.
	 */
	private static final Set<String> TEXT_KEYS = Set.of("url.full", "url.query", "http.url", "http.target",
			"db.statement", "db.query.text", "exception.message", "logfire.msg");

	private static final int MAX_CACHED_KEYS = 4096;

	private final ScrubPatterns patterns;

	private final BoundedCache<String, Key> keys = new BoundedCache<>(MAX_CACHED_KEYS);

	ScrubKeys(ScrubPatterns patterns) {
		this.patterns = patterns;
	}

	static boolean isSafe(String key) {
		return (key.startsWith("logfire.") && !key.equals("logfire.msg")) || key.startsWith("code.")
				|| SAFE_KEYS.contains(key);
	}

	/** How a key's value is scrubbed. */
	enum KeyKind {

		/** Left alone. */
		SAFE,
		/** Scrubbed as text on its message lines. */
		STACKTRACE,
		/** Scrubbed as text. */
		TEXT,
		/** The key matches a pattern: its whole value goes. */
		MATCHED,
		/** Scrubbed as a value. */
		PLAIN

	}

	/** A classified key, with what the patterns found in it when it {@link KeyKind#MATCHED matched}. */
	record Key(KeyKind kind, @Nullable Found found) {
	}

	/** The classification of {@code name}, cached. */
	Key classify(String name) {
		return this.keys.get(name, this::classifyUncached);
	}

	private Key classifyUncached(String name) {
		if (isSafe(name)) {
			return new Key(KeyKind.SAFE, null);
		}
		if (name.equals(STACKTRACE_KEY)) {
			return new Key(KeyKind.STACKTRACE, null);
		}
		if (TEXT_KEYS.contains(name)) {
			return new Key(KeyKind.TEXT, null);
		}
		Found found = this.patterns.find(name, 0);
		return new Key((found != null) ? KeyKind.MATCHED : KeyKind.PLAIN, found);
	}

	/** What the patterns find in a key that is not safe, or null. */
	@Nullable Found match(String name) {
		Key key = classify(name);
		return (key.kind() == KeyKind.MATCHED) ? key.found() : null;
	}

}
