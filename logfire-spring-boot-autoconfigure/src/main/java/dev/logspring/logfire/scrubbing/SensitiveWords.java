package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one vocabulary of what is sensitive. The {@link Scrubber} matches Logfire's default
 * patterns against every attribute; the HTTP and LLM instrumentation ask {@link #credentialWordIn}
 * about the names of headers and query parameters, which adds the names that carry credentials
 * in HTTP without containing a Logfire keyword.
 */
public final class SensitiveWords {

	/** Logfire's default patterns (Python SDK 5.3), matched case-insensitively. */
	public static final List<String> LOGFIRE_PATTERNS = List.of("password", "passwd", "mysql_pwd", "secret",
			"auth(?!ors?\\b)", "credential", "private[._ -]?key", "api[._ -]?key", "session", "cookie",
			"social[._ -]?security", "credit[._ -]?card", "logfire[._ -]?token", "pylf_v\\d+_",
			"(?:\\b|_)csrf(?:\\b|_)", "(?:\\b|_)xsrf(?:\\b|_)", "(?:\\b|_)jwt(?:\\b|_)", "(?:\\b|_)ssn(?:\\b|_)",
			// Added in Logfire 5.3.
			"passphrase", "signing[._ -]?key", "hmac[._ -]?key", "access[._ -]?token", "refresh[._ -]?token",
			"(?:\\b|_)id[._ -]?token", "bearer[._ -]?token");

	/**
	 * Header and query parameter names that carry credentials without a Logfire keyword: tokens,
	 * signatures, bare keys ({@code ?key=} of Gemini and Google APIs), and the query parameters
	 * OpenTelemetry's HTTP conventions redact ({@code AWSAccessKeyId}, {@code Signature},
	 * {@code sig}, {@code X-Goog-Signature}).
	 */
	static final List<String> HTTP_CREDENTIAL_NAMES = List.of("pwd", "token", "signature", "access[._ -]?key",
			"^sig$", "^key$");

	private static final Pattern CREDENTIAL_NAME = compile(LOGFIRE_PATTERNS, HTTP_CREDENTIAL_NAMES);

	private SensitiveWords() {
	}

	/**
	 * The part of a header or query parameter name that makes it a credential, in lower case, or
	 * {@code null} when it is none.
	 */
	public static String credentialWordIn(String name) {
		Matcher matcher = CREDENTIAL_NAME.matcher(name);
		return matcher.find() ? matcher.group().toLowerCase(Locale.ROOT) : null;
	}

	private static Pattern compile(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return Pattern.compile(String.join("|", all), Pattern.CASE_INSENSITIVE);
	}

}
