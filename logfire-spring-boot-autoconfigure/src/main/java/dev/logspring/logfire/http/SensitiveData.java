package dev.logspring.logfire.http;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of HTTP span attributes: query values and headers whose names look
 * secret, and the user info of URLs. The scrubbing stage applies to every attribute later;
 * this is the first line, where the HTTP data is read.
 */
public final class SensitiveData {

	/** Logfire's default scrubbing words, plus the query keys OpenTelemetry redacts in URLs. */
	private static final Pattern SECRET_NAME = Pattern.compile("password|passwd|pwd|secret|auth(?!ors?\\b)|credential"
			+ "|private[._ -]?key|api[._ -]?key|access[._ -]?key|session|cookie|token|signature|csrf|xsrf|jwt|ssn"
			+ "|^sig$|^key$", Pattern.CASE_INSENSITIVE);

	/** Replacement of a redacted query value, as OpenTelemetry's semantic conventions write it. */
	public static final String REDACTED = "REDACTED";

	private SensitiveData() {
	}

	/** The part of {@code name} that makes it look secret, or {@code null}. */
	public static String secretWordIn(String name) {
		Matcher matcher = SECRET_NAME.matcher(name);
		return matcher.find() ? matcher.group() : null;
	}

	/** {@code rawQuery} with the values of secret-looking parameters replaced by {@code REDACTED}. */
	public static String redactQuery(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return rawQuery;
		}
		StringBuilder result = new StringBuilder(rawQuery.length());
		for (String parameter : rawQuery.split("&", -1)) {
			if (!result.isEmpty()) {
				result.append('&');
			}
			int equals = parameter.indexOf('=');
			String name = (equals >= 0) ? parameter.substring(0, equals) : parameter;
			if (equals >= 0 && secretWordIn(name) != null) {
				result.append(name).append('=').append(REDACTED);
			}
			else {
				result.append(parameter);
			}
		}
		return result.toString();
	}

	/** {@code path?query} with the query redacted. */
	public static String target(String rawPath, String rawQuery) {
		String path = (rawPath == null || rawPath.isEmpty()) ? "/" : rawPath;
		return (rawQuery == null || rawQuery.isEmpty()) ? path : path + "?" + redactQuery(rawQuery);
	}

	/** The URL without user info or fragment, its query redacted. */
	public static String fullUrl(URI uri) {
		if (uri.getHost() == null) {
			return target(uri.getRawPath(), uri.getRawQuery());
		}
		StringBuilder url = new StringBuilder().append(uri.getScheme()).append("://").append(hostAndPort(uri));
		return url.append(target(uri.getRawPath(), uri.getRawQuery())).toString();
	}

	/** {@link #fullUrl(URI)} for a URL held as text; a text that is no URI keeps only its query redacted. */
	public static String redactUrl(String url) {
		try {
			return fullUrl(URI.create(url));
		}
		catch (IllegalArgumentException ex) {
			int query = url.indexOf('?');
			return (query < 0) ? url : url.substring(0, query + 1) + redactQuery(url.substring(query + 1));
		}
	}

	/** {@code host} or {@code host:port} when the port is explicit; never the user info. */
	public static String hostAndPort(URI uri) {
		String host = (uri.getHost() != null) ? uri.getHost() : "";
		return (uri.getPort() != -1) ? host + ":" + uri.getPort() : host;
	}

	/** What a credential header is recorded as, or {@code null} when {@code headerName} is not one. */
	public static String scrubbedHeaderValue(String headerName) {
		String word = secretWordIn(headerName);
		return (word != null) ? "[Scrubbed due to '" + word.toLowerCase(java.util.Locale.ROOT) + "']" : null;
	}

}
