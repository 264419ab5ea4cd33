package dev.logspring.logfire.web;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What a SERVER span needs to know about a request, whichever server stack received it.
 * @param method the HTTP method
 * @param scheme {@code http} or {@code https}
 * @param path the raw path
 * @param query the raw query, or {@code null}
 * @param serverAddress the host the request was sent to
 * @param serverPort the port the request was sent to
 * @param clientAddress the address of the client, or {@code null}
 * @param protocolVersion {@code 1.1}, {@code 2}..., or {@code null}
 * @param headerNames the names of the request headers
 * @param headers the values of a request header, looked up case-insensitively
 */
record ServerRequestView(String method, String scheme, String path, @Nullable String query, String serverAddress,
		int serverPort, @Nullable String clientAddress, @Nullable String protocolVersion,
		Iterable<String> headerNames, Function<String, List<String>> headers) {

	@Nullable String header(String name) {
		List<String> values = this.headers.apply(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

}
