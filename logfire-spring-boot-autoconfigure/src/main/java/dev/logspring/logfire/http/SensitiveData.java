package dev.logspring.logfire.http;

import java.net.URI;

import dev.logspring.logfire.scrubbing.SensitiveWords;
import org.jspecify.annotations.Nullable;

/**
 * Keeps credentials out of HTTP span attributes: query values and headers whose names
 * {@link SensitiveWords} calls credentials, and the user info of URLs. Every instrumentation that
 * records a URL or a header (server, client, LLM) goes through here. The scrubbing stage applies
 * to every attribute later; this is the first line, where the HTTP data is read.
 */
public final class SensitiveData {

	/** Replacement of a redacted query value, as OpenTelemetry's semantic conventions write it. */
	public static final String REDACTED = "REDACTED";

	private SensitiveData() {
	}

	/** {@code rawQuery} with the values of secret-looking parameters replaced by {@code REDACTED}. */
	public static @Nullable String redactQuery(@Nullable String rawQuery) {
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
			if (equals >= 0 && SensitiveWords.credentialWordIn(name) != null) {
				result.append(name).append('=').append(REDACTED);
			}
			else {
				result.append(parameter);
			}
		}
		return result.toString();
	}

	/** {@code path?query} with the query redacted. */
	public static String target(@Nullable String rawPath, @Nullable String rawQuery) {
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
	public static @Nullable String scrubbedHeaderValue(String headerName) {
		String word = SensitiveWords.credentialWordIn(headerName);
		return (word != null) ? "[Scrubbed due to '" + word + "']" : null;
	}

}
