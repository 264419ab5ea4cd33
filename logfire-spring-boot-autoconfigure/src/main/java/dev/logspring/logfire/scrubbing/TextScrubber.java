package dev.logspring.logfire.scrubbing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.logspring.logfire.scrubbing.ScrubPatterns.Found;

/**
 * Scrubbing of values that are safe as a whole but may embed a secret (URLs, SQL, messages,
 * exception messages and stack traces): only the secret part is cut out, the value of a
 * {@code key=value} or {@code key: value} pair whose key matches, a Logfire token, a match of an
 * extra pattern, or the password of a URL. Thread-safe.
 */
final class TextScrubber {

	/** The password of {@code scheme://user:password@host}. */
	private static final Pattern URL_PASSWORD = Pattern.compile("://[^/?#@\\s:]*:([^/?#@\\s]+)@");

	private static final String URL_PASSWORD_REASON = "password in URL";

	private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(?:at |\\.\\.\\. \\d+ )");

	private final ScrubPatterns patterns;

	private final Redactor redactor;

	TextScrubber(ScrubPatterns patterns, Redactor redactor) {
		this.patterns = patterns;
		this.redactor = redactor;
	}

	/** Cuts the secrets out of a text that is otherwise kept (URLs, SQL, messages). */
	String scrub(Path path, String text, Notes notes) {
		StringBuilder out = null;
		int copied = 0;
		int from = 0;
		int length = text.length();
		while (from < length) {
			Found found = this.patterns.find(text, from);
			if (found == null) {
				break;
			}
			int cutStart = -1;
			int cutEnd = -1;
			boolean keyMatch = false;
			int valueStart = valueAfterKey(text, found.end());
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
			else if (found.mayBeSecret()) {
				// Widen to the whole token, so that no part of a secret the pattern matched only partly
				// is left; on the left, stop at what usually precedes a value.
				cutStart = found.start();
				while (cutStart > 0 && !isDelimiter(text.charAt(cutStart - 1))
						&& "=:/".indexOf(text.charAt(cutStart - 1)) < 0) {
					cutStart--;
				}
				cutEnd = found.end();
				while (cutEnd < length && !isDelimiter(text.charAt(cutEnd))) {
					cutEnd++;
				}
			}
			if (cutStart >= 0 && cutEnd > cutStart && cutStart >= copied) {
				String secret = text.substring(cutStart, cutEnd);
				Object replacement = this.redactor.redact(path, secret, found, keyMatch, notes, secret);
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
				from = Math.max(found.end(), found.start() + 1);
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
		if (!this.patterns.matches(stackTrace) && !mayHoldUrlPassword(stackTrace)) {
			return stackTrace;
		}
		StringBuilder out = new StringBuilder(stackTrace.length() + 32);
		boolean changed = false;
		int start = 0;
		while (start < stackTrace.length()) {
			int end = stackTrace.indexOf('\n', start);
			end = (end < 0) ? stackTrace.length() : end + 1;
			String line = stackTrace.substring(start, end);
			String scrubbed = STACK_FRAME.matcher(line).lookingAt() ? line : scrub(path, line, notes);
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

	/** Cuts the password out of every {@code scheme://user:password@host} in {@code text}. */
	String redactUrlPassword(Path path, String text, Notes notes) {
		if (!mayHoldUrlPassword(text)) {
			return text;
		}
		Matcher matcher = URL_PASSWORD.matcher(text);
		StringBuilder out = null;
		int copied = 0;
		while (matcher.find()) {
			String secret = matcher.group(1);
			Object replacement = this.redactor.redact(path, secret, "", URL_PASSWORD.pattern(), URL_PASSWORD_REASON,
					false, notes, secret);
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

}
