package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.logspring.logfire.api.ScrubMatch;
import dev.logspring.logfire.api.ScrubbingCallback;
import dev.logspring.logfire.internal.TelemetryErrors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Finds and replaces sensitive data the way Logfire does: Logfire's default patterns plus the
 * user's, compiled into one case-insensitive regular expression, matched against keys and string
 * values (inside JSON too). Thread-safe; holds no per-span state.
 * <p>
 * Searching is the cost of scrubbing, paid for every character of every value, so the regex only
 * runs where it can match: a table-driven scan finds the literal text that starts every default
 * pattern (and every extra pattern that starts with literal text); extra patterns that do not are
 * searched by a regex of their own.
 * <p>
 * Three ways of looking at a value:
 * <ul>
 * <li><b>key</b>: a key that matches replaces its whole value;</li>
 * <li><b>value</b>: a string that matches is replaced whole, except a JSON text, which is
 * scrubbed key by key and value by value;</li>
 * <li><b>text</b>, for values that are safe as a whole but may embed a secret (URLs, SQL,
 * messages, exception messages): only the secret part is cut out, the value of a
 * {@code key=value} or {@code key: value} pair whose key matches, a Logfire token, a match of an
 * extra pattern, or the password of a URL.</li>
 * </ul>
 * The replacement names the reason, never the secret: the matched text for a default pattern
 * (which only ever matches a keyword such as {@code password}), the pattern itself for an extra
 * pattern, since what it matches may be the secret.
 */
public final class Scrubber {

	/** Logfire's default patterns. */
	public static final List<String> DEFAULT_PATTERNS = SensitiveWords.LOGFIRE_PATTERNS;

	/** Index of {@code pylf_v\d+_} among the defaults: a Logfire token is a secret wherever it appears. */
	private static final int TOKEN_PATTERN = DEFAULT_PATTERNS.indexOf("pylf_v\\d+_");

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

	static final String STACKTRACE_KEY = "exception.stacktrace";

	/** The password of {@code scheme://user:password@host}. */
	private static final Pattern URL_PASSWORD = Pattern.compile("://[^/?#@\\s:]*:([^/?#@\\s]+)@");

	private static final String URL_PASSWORD_REASON = "password in URL";

	private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(?:at |\\.\\.\\. \\d+ )");

	private static final int MAX_JSON_DEPTH = 4;

	private static final int MAX_CACHED_KEYS = 4096;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Pattern pattern;

	/** The source of each pattern, in group order. */
	private final String[] sources;

	/** The capturing group of each pattern in {@link #pattern}. */
	private final int[] groups;

	/** Finds where the patterns that start with literal text may match, without the regex. */
	private final Literals literals;

	/**
	 * The extra patterns that do not start with literal text (such as {@code \b\d{16}\b}),
	 * searched alone: far cheaper than searching with every pattern at every position. Null when
	 * there are none.
	 */
	private final Pattern unanchored;

	/** One matcher per thread (the export and console threads) for each regex, reset for each string. */
	private final ThreadLocal<Matcher> matchers;

	private final ThreadLocal<Matcher> unanchoredMatchers;

	private final ScrubbingCallback callback;

	private final Map<String, Key> keys = new ConcurrentHashMap<>();

	/**
	 * @param extraPatterns patterns added to Logfire's defaults
	 * @param callback may keep false positives; null for none
	 * @throws PatternSyntaxException when an extra pattern is not a valid regular expression
	 */
	public Scrubber(List<String> extraPatterns, ScrubbingCallback callback) {
		List<String> all = new ArrayList<>(DEFAULT_PATTERNS);
		extraPatterns.stream().filter((p) -> p != null && !p.isBlank()).forEach(all::add);
		this.sources = all.toArray(String[]::new);
		this.groups = new int[this.sources.length];
		StringBuilder combined = new StringBuilder();
		int group = 1;
		for (int i = 0; i < this.sources.length; i++) {
			if (i > 0) {
				combined.append('|');
			}
			combined.append('(').append(this.sources[i]).append(')');
			this.groups[i] = group;
			group += 1 + Pattern.compile(this.sources[i]).matcher("").groupCount();
		}
		this.pattern = Pattern.compile(combined.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
		List<String> literalStarts = new ArrayList<>();
		List<String> unanchoredPatterns = new ArrayList<>();
		for (String extra : all.subList(DEFAULT_PATTERNS.size(), all.size())) {
			List<String> prefixes = Literals.literalPrefixes(extra);
			if (prefixes != null) {
				literalStarts.addAll(prefixes);
			}
			else {
				unanchoredPatterns.add("(?:" + extra + ")");
			}
		}
		this.literals = Literals.of(literalStarts);
		this.unanchored = unanchoredPatterns.isEmpty() ? null
				: Pattern.compile(String.join("|", unanchoredPatterns), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
		this.matchers = ThreadLocal
			.withInitial(() -> this.pattern.matcher("").useTransparentBounds(true).useAnchoringBounds(false));
		this.unanchoredMatchers = ThreadLocal
			.withInitial(() -> (this.unanchored != null) ? this.unanchored.matcher("") : null);
		this.callback = callback;
	}

	/** Checks that {@code pattern} compiles; returns the error message, or null when it is valid. */
	public static String validatePattern(String pattern) {
		try {
			Pattern.compile(pattern);
			return null;
		}
		catch (PatternSyntaxException ex) {
			return ex.getDescription();
		}
	}

	// ---- classification of keys

	static boolean isSafeKey(String key) {
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

	/** A key, classified once: attribute keys repeat from span to span. */
	record Key(KeyKind kind, Found found) {
	}

	/** The classification of {@code key}, cached. */
	Key key(String name) {
		Key key = this.keys.get(name);
		if (key == null) {
			Found found = null;
			KeyKind kind;
			if (isSafeKey(name)) {
				kind = KeyKind.SAFE;
			}
			else if (name.equals(STACKTRACE_KEY)) {
				kind = KeyKind.STACKTRACE;
			}
			else if (TEXT_KEYS.contains(name)) {
				kind = KeyKind.TEXT;
			}
			else {
				found = find(name, 0);
				kind = (found != null) ? KeyKind.MATCHED : KeyKind.PLAIN;
			}
			key = new Key(kind, found);
			if (this.keys.size() < MAX_CACHED_KEYS) {
				this.keys.put(name, key);
			}
		}
		return key;
	}

	/** What the patterns find in a key that is not safe, or null. */
	Found keyMatch(String name) {
		Key key = key(name);
		return (key.kind == KeyKind.MATCHED) ? key.found : null;
	}

	/** Whether any pattern occurs in {@code text}. */
	boolean matches(String text) {
		return find(text, 0) != null;
	}

	// ---- value mode

	/**
	 * Scrubs one string value: returns it unchanged when nothing matches (or when it is a bare
	 * keyword like {@code "password"}), else its scrubbed JSON or a replacement.
	 */
	Object scrubString(Path path, String value, Notes notes) {
		Found found = find(value, 0);
		String result = value;
		if (found != null && !isBareWord(found, value)) {
			String json = scrubJsonText(path, value, notes, 0);
			result = (json != null) ? json : (String) redact(path, value, found, false, notes, value);
		}
		else if (found == null && looksLikeJson(value) && value.contains("\\u")) {
			// Escaped characters could hide a key from the raw search: look inside.
			String json = scrubJsonText(path, value, notes, 0);
			result = (json != null) ? json : value;
		}
		return redactUrlPassword(path, result, notes);
	}

	/** The value for a key that matched: the whole value goes, whatever its type. */
	Object redactKeyMatch(Path path, Object value, Found found, Notes notes) {
		Object result = redact(path, value, found, true, notes, value);
		if (result != value && value instanceof List<?> && !(result instanceof List<?>)) {
			return List.of(String.valueOf(result));
		}
		return result;
	}

	/**
	 * A value that is nothing but a default keyword ({@code "password"}) names something and holds
	 * no secret, as in Logfire. Not so for an extra pattern: what it matches whole may be the secret.
	 */
	private static boolean isBareWord(Found found, String value) {
		return found.start == 0 && found.end == value.length() && found.index < DEFAULT_PATTERNS.size();
	}

	private static boolean looksLikeJson(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!Character.isWhitespace(c)) {
				return c == '{' || c == '[';
			}
		}
		return false;
	}

	/** The scrubbed JSON text, the same text when nothing changed, or null when it is not JSON. */
	private String scrubJsonText(Path path, String text, Notes notes, int depth) {
		if (depth >= MAX_JSON_DEPTH || !looksLikeJson(text)) {
			return null;
		}
		JsonNode root;
		try {
			root = MAPPER.readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (root == null || !(root.isObject() || root.isArray())) {
			return null;
		}
		int before = notes.changes();
		JsonNode scrubbed = scrubNode(path, root, notes, depth);
		return (notes.changes() == before && scrubbed == root) ? text : MAPPER.writeValueAsString(scrubbed);
	}

	private JsonNode scrubNode(Path path, JsonNode node, Notes notes, int depth) {
		if (node instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> property : object.properties()) {
				String key = property.getKey();
				JsonNode child = property.getValue();
				Key kind = key(key);
				if (kind.kind == KeyKind.SAFE) {
					continue;
				}
				Found found = (kind.kind == KeyKind.MATCHED) ? kind.found : null;
				JsonNode replaced = (found != null) ? redactNode(path.with(key), child, found, notes)
						: scrubNode(path.with(key), child, notes, depth);
				if (replaced != child) {
					property.setValue(replaced);
				}
			}
			return object;
		}
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode child = array.get(i);
				JsonNode replaced = scrubNode(path.with(i), child, notes, depth);
				if (replaced != child) {
					array.set(i, replaced);
				}
			}
			return array;
		}
		if (node.isString()) {
			String value = node.stringValue();
			Found found = find(value, 0);
			if (found == null || isBareWord(found, value)) {
				return node;
			}
			String json = scrubJsonText(path, value, notes, depth + 1);
			String result = (json != null) ? json : (String) redact(path, value, found, false, notes, value);
			return (result.equals(value)) ? node : StringNode.valueOf(result);
		}
		return node;
	}

	private JsonNode redactNode(Path path, JsonNode value, Found found, Notes notes) {
		Object plain = value.isString() ? value.stringValue() : value.isNumber() ? value.numberValue()
				: value.isBoolean() ? (Object) value.booleanValue() : value.toString();
		Object result = redact(path, plain, found, true, notes, plain);
		if (result == plain) {
			return value;
		}
		StringNode replacement = StringNode.valueOf(String.valueOf(result));
		return value.isArray() ? MAPPER.createArrayNode().add(replacement) : replacement;
	}

	// ---- text mode

	/** Cuts the secrets out of a text that is otherwise kept (URLs, SQL, messages). */
	String scrubText(Path path, String text, Notes notes) {
		StringBuilder out = null;
		int copied = 0;
		int from = 0;
		int length = text.length();
		while (from < length) {
			Found found = find(text, from);
			if (found == null) {
				break;
			}
			int cutStart = -1;
			int cutEnd = -1;
			boolean keyMatch = false;
			int valueStart = valueAfterKey(text, found.end);
			if (valueStart >= 0) {
				char quote = text.charAt(valueStart);
				if (quote == '"' || quote == '\'') {
					// Keep the quotes: only what is between them goes.
					int close = text.indexOf(quote, valueStart + 1);
					cutStart = valueStart + 1;
					cutEnd = (close < 0) ? length : close;
				}
				else {
					cutStart = valueStart;
					cutEnd = valueEnd(text, valueStart);
				}
				keyMatch = true;
			}
			else if (found.index == TOKEN_PATTERN || found.index >= DEFAULT_PATTERNS.size()) {
				// Widen to the whole token, so that no part of a secret the pattern matched only partly
				// is left; on the left, stop at what usually precedes a value.
				cutStart = found.start;
				while (cutStart > 0 && !isDelimiter(text.charAt(cutStart - 1))
						&& "=:/".indexOf(text.charAt(cutStart - 1)) < 0) {
					cutStart--;
				}
				cutEnd = found.end;
				while (cutEnd < length && !isDelimiter(text.charAt(cutEnd))) {
					cutEnd++;
				}
			}
			if (cutStart >= 0 && cutEnd > cutStart && cutStart >= copied) {
				String secret = text.substring(cutStart, cutEnd);
				Object replacement = redact(path, secret, found, keyMatch, notes, secret);
				if (replacement != secret) {
					if (out == null) {
						out = new StringBuilder(length + 32);
					}
					out.append(text, copied, cutStart).append(replacement);
					copied = cutEnd;
				}
				from = cutEnd;
			}
			else {
				from = Math.max(found.end, found.start + 1);
			}
		}
		String result = text;
		if (out != null) {
			out.append(text, copied, length);
			result = out.toString();
		}
		return redactUrlPassword(path, result, notes);
	}

	/**
	 * Scrubs the message lines of a Java stack trace ({@code Type: message}, {@code Caused by:
	 * ...}) as text and leaves the frames alone: class and method names are not secrets.
	 */
	String scrubStackTrace(Path path, String stackTrace, Notes notes) {
		if (!matches(stackTrace) && !mayHoldUrlPassword(stackTrace)) {
			return stackTrace;
		}
		StringBuilder out = new StringBuilder(stackTrace.length() + 32);
		boolean changed = false;
		int start = 0;
		while (start < stackTrace.length()) {
			int end = stackTrace.indexOf('\n', start);
			end = (end < 0) ? stackTrace.length() : end + 1;
			String line = stackTrace.substring(start, end);
			String scrubbed = STACK_FRAME.matcher(line).lookingAt() ? line : scrubText(path, line, notes);
			changed |= scrubbed != line;
			out.append(scrubbed);
			start = end;
		}
		return changed ? out.toString() : stackTrace;
	}

	/** Where the value starts when a key ends at {@code keyEnd} and is followed by {@code =} or {@code :}, else -1. */
	private static int valueAfterKey(String text, int keyEnd) {
		int length = text.length();
		int i = keyEnd;
		while (i < length && isKeyChar(text.charAt(i))) {
			i++;
		}
		if (i < length && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
			i++;
		}
		while (i < length && text.charAt(i) == ' ') {
			i++;
		}
		if (i >= length) {
			return -1;
		}
		char separator = text.charAt(i);
		boolean assignment = separator == '=' && !(i + 1 < length && text.charAt(i + 1) == '=');
		boolean colon = separator == ':' && !text.startsWith("//", i + 1);
		if (!assignment && !colon) {
			return -1;
		}
		i++;
		while (i < length && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
			i++;
		}
		return (i < length) ? i : -1;
	}

	/**
	 * End of the unquoted value starting at {@code start}: a run up to a delimiter, carried over
	 * the next word while the run is only a scheme or a label ({@code Bearer abc},
	 * {@code Authorization: Bearer abc}), since the secret comes after it.
	 */
	private static int valueEnd(String text, int start) {
		int length = text.length();
		int tokenStart = start;
		while (true) {
			int end = tokenStart;
			while (end < length && !isDelimiter(text.charAt(end))) {
				end++;
			}
			int next = end;
			while (next < length && text.charAt(next) == ' ') {
				next++;
			}
			boolean label = end > tokenStart && text.charAt(end - 1) == ':';
			if (next == end || next >= length || isDelimiter(text.charAt(next))
					|| !(label || isAuthScheme(text, tokenStart, end))) {
				return end;
			}
			tokenStart = next;
		}
	}

	private static boolean isAuthScheme(String text, int start, int end) {
		String word = text.substring(start, end);
		return word.equalsIgnoreCase("bearer") || word.equalsIgnoreCase("basic") || word.equalsIgnoreCase("digest")
				|| word.equalsIgnoreCase("token") || word.equalsIgnoreCase("negotiate");
	}

	private static boolean isKeyChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '[' || c == ']';
	}

	private static boolean isDelimiter(char c) {
		return Character.isWhitespace(c) || c == '&' || c == ';' || c == ',' || c == '"' || c == '\'' || c == '<'
				|| c == '>' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '#';
	}

	/** {@code "://"} followed somewhere by {@code '@'}: cheaper than the regular expression. */
	private static boolean mayHoldUrlPassword(String text) {
		int scheme = text.indexOf("://");
		return scheme >= 0 && text.indexOf('@', scheme) >= 0;
	}

	private String redactUrlPassword(Path path, Object value, Notes notes) {
		if (!(value instanceof String text) || !mayHoldUrlPassword(text)) {
			return (String) value;
		}
		Matcher matcher = URL_PASSWORD.matcher(text);
		StringBuilder out = null;
		int copied = 0;
		while (matcher.find()) {
			String secret = matcher.group(1);
			Object replacement = redact(path, secret, new Found(matcher.start(1), matcher.end(1), -1, ""), false,
					notes, secret);
			if (replacement != secret) {
				if (out == null) {
					out = new StringBuilder(text.length());
				}
				out.append(text, copied, matcher.start(1)).append(replacement);
				copied = matcher.end(1);
			}
		}
		if (out == null) {
			return text;
		}
		return out.append(text, copied, text.length()).toString();
	}

	// ---- replacing

	/**
	 * Asks the callback, then replaces: returns {@code keep} (the same instance) when the value
	 * stays, else the replacement, and notes what was scrubbed.
	 */
	private Object redact(Path path, Object value, Found found, boolean keyMatch, Notes notes, Object keep) {
		String pattern = (found.index >= 0) ? this.sources[found.index] : URL_PASSWORD.pattern();
		String reason = (found.index < 0) ? URL_PASSWORD_REASON
				: (found.index < DEFAULT_PATTERNS.size()) ? found.text : pattern;
		if (this.callback != null) {
			try {
				Object decision = this.callback
					.onMatch(new ScrubMatch(path.toList(), value, found.text, pattern, keyMatch));
				if (decision != null) {
					if (decision == value || decision.equals(value)) {
						return keep;
					}
					notes.changed();
					return String.valueOf(decision);
				}
			}
			catch (RuntimeException ex) {
				TelemetryErrors.report("the scrubbing callback", ex);
			}
		}
		notes.add(path.toList(), reason);
		return "[Scrubbed due to '" + reason + "']";
	}

	// ---- matching

	/**
	 * The first match at or after {@code from}, or null: the earliest of what the literals lead
	 * to and what the unanchored extra patterns find, decided by the combined regex there.
	 */
	Found find(String text, int from) {
		Found anchored = findFromLiterals(text, from);
		if (this.unanchored == null) {
			return anchored;
		}
		Matcher unanchored = this.unanchoredMatchers.get().reset(text);
		if (!unanchored.find(from) || (anchored != null && anchored.start <= unanchored.start())) {
			return anchored;
		}
		Matcher matcher = this.matchers.get().reset(text);
		return matcher.region(unanchored.start(), text.length()).lookingAt() ? found(matcher) : anchored;
	}

	private Found findFromLiterals(String text, int from) {
		int candidate = this.literals.next(text, from);
		if (candidate < 0) {
			return null;
		}
		Matcher matcher = this.matchers.get().reset(text);
		while (candidate >= 0) {
			// "_csrf" matches from the underscore before the literal.
			if (candidate > from && text.charAt(candidate - 1) == '_'
					&& matcher.region(candidate - 1, text.length()).lookingAt()) {
				return found(matcher);
			}
			if (matcher.region(candidate, text.length()).lookingAt()) {
				return found(matcher);
			}
			candidate = this.literals.next(text, candidate + 1);
		}
		return null;
	}

	private Found found(Matcher matcher) {
		for (int i = 0; i < this.groups.length; i++) {
			if (matcher.start(this.groups[i]) >= 0) {
				return new Found(matcher.start(), matcher.end(), i, matcher.group());
			}
		}
		return new Found(matcher.start(), matcher.end(), 0, matcher.group());
	}

	/** A match: where, which pattern, and the matched text. */
	record Found(int start, int end, int index, String text) {
	}

	/**
	 * A pre-filter: every match of every pattern starts with one of a few literals (or an
	 * underscore before one, for the default acronyms), so a string without any of them, ignoring
	 * case, cannot match. One pass over the characters through a table of their first three
	 * characters, no allocation; a hit is confirmed against the whole literal before the regular
	 * expression runs, so that "price" does not wake the regex for "private".
	 */
	static final class Literals {

		/**
		 * Literals that start every match of a default pattern ("api" spelled out in full: URLs are
		 * full of "/api/").
		 */
		private static final List<String> DEFAULTS = List.of("passw", "mysql_pwd", "secret", "auth", "cred",
				"private", "apikey", "api_key", "api.key", "api-key", "api key", "session", "cookie", "social",
				"logfire", "pylf_v", "csrf", "xsrf", "jwt", "ssn", "passphrase", "signing", "hmac", "access", "refresh",
				"idtoken", "id_token", "id.token", "id-token", "id token", "bearer");

		private static final int OTHER = 30;

		/**
		 * 1 to 26 for ASCII letters in either case, 27 digits, 28 '_', 29 '-', 30 anything else
		 * (characters above 255 are read as 255).
		 */
		private static final byte[] CODES = new byte[256];

		static {
			java.util.Arrays.fill(CODES, (byte) OTHER);
			for (char c = 'a'; c <= 'z'; c++) {
				CODES[c] = (byte) (c - 'a' + 1);
				CODES[Character.toUpperCase(c)] = (byte) (c - 'a' + 1);
			}
			for (char c = '0'; c <= '9'; c++) {
				CODES[c] = 27;
			}
			CODES['_'] = 28;
			CODES['-'] = 29;
		}

		/** Whether a literal starts with these three characters, by their 15-bit code: small, stays in cache. */
		private final boolean[] starts = new boolean[1 << 15];

		/**
		 * The literals starting with these three characters, by their 15-bit code; read on a hit
		 * only, so a map (a table would hold 128 KB for some twenty entries).
		 */
		private final Map<Integer, String[]> byCode = new HashMap<>();

		private Literals(List<String> literals) {
			for (String literal : literals) {
				int code = (code(literal.charAt(0)) << 10) | (code(literal.charAt(1)) << 5) | code(literal.charAt(2));
				String[] known = this.byCode.get(code);
				String[] more = (known != null) ? java.util.Arrays.copyOf(known, known.length + 1) : new String[1];
				more[more.length - 1] = asciiLowerCase(literal);
				this.byCode.put(code, more);
				this.starts[code] = true;
			}
		}

		/** The pre-filter for the defaults and these literal starts of extra patterns. */
		static Literals of(List<String> extraLiterals) {
			List<String> literals = new ArrayList<>(DEFAULTS);
			literals.addAll(extraLiterals);
			return new Literals(literals);
		}

		private static int code(char c) {
			return CODES[Math.min(c, 255)];
		}

		/**
		 * Start of the first literal at or after {@code from}, or -1. The hot loop of scrubbing:
		 * each trigram's code is built from the last three character codes, so that iterations
		 * do not wait on each other.
		 */
		int next(String text, int from) {
			int length = text.length();
			if (length - from < 3) {
				return -1;
			}
			boolean[] starts = this.starts;
			int first = CODES[Math.min(text.charAt(from), 255)];
			int second = CODES[Math.min(text.charAt(from + 1), 255)];
			for (int i = from + 2; i < length; i++) {
				int third = CODES[Math.min(text.charAt(i), 255)];
				int code = (first << 10) | (second << 5) | third;
				if (starts[code] && confirmed(text, i - 2, this.byCode.get(code))) {
					return i - 2;
				}
				first = second;
				second = third;
			}
			return -1;
		}

		private static char asciiLowerCase(char c) {
			return (c >= 'A' && c <= 'Z') ? (char) (c | 0x20) : c;
		}

		private static String asciiLowerCase(String text) {
			StringBuilder lower = new StringBuilder(text.length());
			text.chars().forEach((c) -> lower.append(asciiLowerCase((char) c)));
			return lower.toString();
		}

		/** Whether one of the (lower-case) literals is at {@code start}, ignoring ASCII case as the regex does. */
		private static boolean confirmed(String text, int start, String[] literals) {
			for (String literal : literals) {
				int length = literal.length();
				if (start + length > text.length()) {
					continue;
				}
				// From the first character: codes are shared (all digits, all punctuation).
				int i = 0;
				while (i < length) {
					if (asciiLowerCase(text.charAt(start + i)) != literal.charAt(i)) {
						break;
					}
					i++;
				}
				if (i == length) {
					return true;
				}
			}
			return false;
		}

		/**
		 * The literal text each top-level alternative of {@code regex} starts with, when every
		 * alternative starts with at least three literal characters; else null.
		 */
		static List<String> literalPrefixes(String regex) {
			List<String> prefixes = new ArrayList<>();
			int depth = 0;
			boolean inClass = false;
			int branchStart = 0;
			for (int i = 0; i <= regex.length(); i++) {
				char c = (i < regex.length()) ? regex.charAt(i) : '|';
				if (c == '\\') {
					i++;
				}
				else if (inClass) {
					inClass = c != ']';
				}
				else if (c == '[') {
					inClass = true;
				}
				else if (c == '(') {
					depth++;
				}
				else if (c == ')') {
					depth--;
				}
				else if (c == '|' && depth == 0) {
					String prefix = leadingLiteral(regex.substring(branchStart, i));
					if (prefix.length() < 3) {
						return null;
					}
					prefixes.add(prefix);
					branchStart = i + 1;
				}
			}
			return prefixes;
		}

		private static String leadingLiteral(String branch) {
			StringBuilder literal = new StringBuilder();
			for (int i = 0; i < branch.length(); i++) {
				char c = branch.charAt(i);
				if ("?*{".indexOf(c) >= 0) {
					// The character before may occur zero times: it is not required.
					literal.setLength(Math.max(0, literal.length() - 1));
					break;
				}
				if ("\\.^$|+()[]".indexOf(c) >= 0 || Character.isWhitespace(c)) {
					break;
				}
				literal.append(c);
			}
			return literal.toString();
		}

	}

}
