package dev.logspring.logfire.scrubbing;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.logspring.logfire.api.ScrubbingCallback;
import dev.logspring.logfire.scrubbing.ScrubKeys.Key;
import dev.logspring.logfire.scrubbing.ScrubPatterns.Found;
import org.jspecify.annotations.Nullable;

/**
 * Finds and replaces sensitive data the way Logfire does: Logfire's default patterns plus the
 * user's ({@link ScrubPatterns}), matched against keys and string values (inside JSON too).
 * Thread-safe; holds no per-span state.
 * <p>
 * Three ways of looking at a value:
 * <ul>
 * <li><b>key</b>: a key that matches replaces its whole value ({@link ScrubKeys});</li>
 * <li><b>value</b>: a string that matches is replaced whole, except a JSON text, which is
 * scrubbed key by key and value by value ({@link JsonScrubber});</li>
 * <li><b>text</b>, for values that are safe as a whole but may embed a secret: only the secret
 * part is cut out ({@link TextScrubber}).</li>
 * </ul>
 * What replaces a match, and the user's say in it, is the {@link Redactor}'s.
 */
public final class Scrubber {

	/** Logfire's default patterns. */
	public static final List<String> DEFAULT_PATTERNS = ScrubPatterns.DEFAULTS;

	private final ScrubPatterns patterns;

	private final ScrubKeys keys;

	private final Redactor redactor;

	private final TextScrubber text;

	private final JsonScrubber json;

	/**
	 * @param extraPatterns patterns added to Logfire's defaults
	 * @param callback may keep false positives; null for none
	 * @throws PatternSyntaxException when an extra pattern is not a valid regular expression
	 */
	public Scrubber(List<String> extraPatterns, @Nullable ScrubbingCallback callback) {
		this.patterns = new ScrubPatterns(extraPatterns);
		this.keys = new ScrubKeys(this.patterns);
		this.redactor = new Redactor(this.patterns, callback);
		this.text = new TextScrubber(this.patterns, this.redactor);
		this.json = new JsonScrubber(this.patterns, this.keys, this.redactor);
	}

	/** Checks that {@code pattern} compiles; returns the error message, or null when it is valid. */
	public static @Nullable String validatePattern(String pattern) {
		try {
			Pattern.compile(pattern);
			return null;
		}
		catch (PatternSyntaxException ex) {
			return ex.getDescription();
		}
	}

	// ---- key mode

	/** The classification of {@code name}, cached. */
	Key key(String name) {
		return this.keys.classify(name);
	}

	/** What the patterns find in a key that is not safe, or null. */
	@Nullable Found keyMatch(String name) {
		return this.keys.match(name);
	}

	/** The value for a key that matched: the whole value goes, whatever its type. */
	Object redactKeyMatch(Path path, Object value, Found found, Notes notes) {
		Object result = this.redactor.redact(path, value, found, true, notes, value);
		if (result != value && value instanceof List<?> && !(result instanceof List<?>)) {
			return List.of(String.valueOf(result));
		}
		return result;
	}

	// ---- value mode

	/** Whether any pattern occurs in {@code text}. */
	boolean matches(String text) {
		return this.patterns.matches(text);
	}

	/**
	 * Scrubs one string value: returns it unchanged when nothing matches (or when it is a bare
	 * keyword like {@code "password"}), else its scrubbed JSON or a replacement.
	 */
	Object scrubString(Path path, String value, Notes notes) {
		Found found = this.patterns.find(value, 0);
		String result = value;
		if (found != null && !found.isBareWordOf(value)) {
			String json = this.json.scrub(path, value, notes);
			result = (json != null) ? json : (String) this.redactor.redact(path, value, found, false, notes, value);
		}
		else if (found == null && JsonScrubber.looksLikeJson(value) && value.contains("\\u")) {
			// Escaped characters could hide a key from the raw search: look inside.
			String json = this.json.scrub(path, value, notes);
			result = (json != null) ? json : value;
		}
		return this.text.redactUrlPassword(path, result, notes);
	}

	// ---- text mode

	/** Cuts the secrets out of a text that is otherwise kept (URLs, SQL, messages). */
	String scrubText(Path path, String text, Notes notes) {
		return this.text.scrub(path, text, notes);
	}

	/** Scrubs the message lines of a Java stack trace as text and leaves the frames alone. */
	String scrubStackTrace(Path path, String stackTrace, Notes notes) {
		return this.text.scrubStackTrace(path, stackTrace, notes);
	}

}
