package dev.logspring.logfire.client;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;

/**
 * What a client span needs to know about an outgoing call, whichever client makes it.
 * @param method the HTTP method
 * @param uri the expanded URI
 * @param headers the request headers
 * @param uriTemplate the URI template, when the client knows it
 */
record ClientCall(String method, URI uri, HttpHeaders headers, @Nullable String uriTemplate) {

	/** Request attribute where RestClient keeps the URI template of the call. */
	static final String REST_CLIENT_URI_TEMPLATE_ATTRIBUTE = "org.springframework.web.client.RestClient.uriTemplate";

	/** A call of RestClient or RestTemplate (whose URI template, if any, is not in the request). */
	static ClientCall of(HttpRequest request) {
		Object template = request.getAttributes().get(REST_CLIENT_URI_TEMPLATE_ATTRIBUTE);
		return new ClientCall(request.getMethod().name(), request.getURI(), request.getHeaders(),
				(template instanceof String string) ? string : null);
	}

}
