package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Logfire's default patterns plus the user's, compiled into one case-insensitive regular
 * expression, and the search for their first match in a string. Thread-safe.
 * <p>
 * Searching is the cost of scrubbing, paid for every character of every value, so the regex only
 * runs where it can match: the {@link LiteralPrefilter} finds the literal text that starts every
 * default pattern (and every extra pattern that starts with literal text); extra patterns that do
 * not are searched by a regex of their own.
 */
final class ScrubPatterns {

	/** Logfire's default patterns. */
	static final List<String> DEFAULTS = SensitiveWords.LOGFIRE_PATTERNS;

	/** Index of {@code pylf_v\d+_} among the defaults: a Logfire token is a secret wherever it appears. */
	private static final int TOKEN_PATTERN = DEFAULTS.indexOf("pylf_v\\d+_");

	private final Pattern pattern;

	/** The source of each pattern, in group order. */
	private final String[] sources;

	/** The capturing group of each pattern in {@link #pattern}. */
	private final int[] groups;

	/** Finds where the patterns that start with literal text may match, without the regex. */
	private final LiteralPrefilter literals;

	/**
	 * The extra patterns that do not start with literal text (such as {@code \b\d{16}\b}),
	 * searched alone: far cheaper than searching with every pattern at every position. Null when
	 * there are none.
	 */
	private final @Nullable Pattern unanchored;

	/** One matcher per thread (the export and console threads) for each regex, reset for each string. */
	private final ThreadLocal<Matcher> matchers;

	private final ThreadLocal<@Nullable Matcher> unanchoredMatchers;

	/**
	 * @param extraPatterns patterns added to Logfire's defaults; blank ones are ignored
	 * @throws java.util.regex.PatternSyntaxException when an extra pattern is not a valid regular
	 * expression
	 */
	ScrubPatterns(List<String> extraPatterns) {
		List<String> all = new ArrayList<>(DEFAULTS);
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
		for (String extra : all.subList(DEFAULTS.size(), all.size())) {
			List<String> prefixes = LiteralPrefilter.literalPrefixes(extra);
			if (prefixes != null) {
				literalStarts.addAll(prefixes);
			}
			else {
				unanchoredPatterns.add("(?:" + extra + ")");
			}
		}
		this.literals = LiteralPrefilter.of(literalStarts);
		this.unanchored = unanchoredPatterns.isEmpty() ? null
				: Pattern.compile(String.join("|", unanchoredPatterns), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
		this.matchers = ThreadLocal
			.withInitial(() -> this.pattern.matcher("").useTransparentBounds(true).useAnchoringBounds(false));
		this.unanchoredMatchers = ThreadLocal
			.withInitial(() -> (this.unanchored != null) ? this.unanchored.matcher("") : null);
	}

	/** The source of the pattern that made {@code found}. */
	String source(Found found) {
		return this.sources[found.index];
	}

	/** Whether any pattern occurs in {@code text}. */
	boolean matches(String text) {
		return find(text, 0) != null;
	}

	/**
	 * The first match at or after {@code from}, or null: the earliest of what the literals lead
	 * to and what the unanchored extra patterns find, decided by the combined regex there.
	 */
	@Nullable Found find(String text, int from) {
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

	private @Nullable Found findFromLiterals(String text, int from) {
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

		/** Whether one of Logfire's defaults matched, which only ever matches a keyword such as {@code password}. */
		boolean isDefault() {
			return this.index < DEFAULTS.size();
		}

		/**
		 * Whether the match may be (part of) the secret itself: a Logfire token or a match of an
		 * extra pattern, rather than a keyword naming one.
		 */
		boolean mayBeSecret() {
			return this.index == TOKEN_PATTERN || !isDefault();
		}

		/**
		 * A value that is nothing but a default keyword ({@code "password"}) names something and
		 * holds no secret, as in Logfire. Not so for an extra pattern: what it matches whole may be
		 * the secret.
		 */
		boolean isBareWordOf(String value) {
			return this.start == 0 && this.end == value.length() && isDefault();
		}

	}

}
