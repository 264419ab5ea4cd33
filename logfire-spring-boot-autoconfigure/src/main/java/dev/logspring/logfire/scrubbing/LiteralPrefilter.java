package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pre-filter: every match of every pattern starts with one of a few literals (or an
 * underscore before one, for the default acronyms), so a string without any of them, ignoring
 * case, cannot match. One pass over the characters through a table of their first three
 * characters, no allocation; a hit is confirmed against the whole literal before the regular
 * expression runs, so that "price" does not wake the regex for "private".
 */
final class LiteralPrefilter {

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
		Arrays.fill(CODES, (byte) OTHER);
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

	private LiteralPrefilter(List<String> literals) {
		for (String literal : literals) {
			int code = (code(literal.charAt(0)) << 10) | (code(literal.charAt(1)) << 5) | code(literal.charAt(2));
			String[] known = this.byCode.get(code);
			String[] more = (known != null) ? Arrays.copyOf(known, known.length + 1) : new String[1];
			more[more.length - 1] = asciiLowerCase(literal);
			this.byCode.put(code, more);
			this.starts[code] = true;
		}
	}

	/** The pre-filter for the defaults and these literal starts of extra patterns. */
	static LiteralPrefilter of(List<String> extraLiterals) {
		List<String> literals = new ArrayList<>(DEFAULTS);
		literals.addAll(extraLiterals);
		return new LiteralPrefilter(literals);
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
