package dev.logspring.logfire.client;

import java.net.URI;

import dev.logspring.logfire.http.HeaderCapture;
import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.LogfireHttpProperties;
import dev.logspring.logfire.http.SensitiveData;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;

import org.springframework.http.HttpHeaders;

/**
 * Reads an outgoing call into a Logfire CLIENT span: message {@code GET host/path}, name
 * {@code GET} (or {@code GET /users/{email}} when the URI template is known), and the HTTP
 * semantic-convention attributes, with {@code url.full} free of user info and secret query
 * values. Shared by our interceptor and the enrichment of Spring's client observation spans.
 */
final class ClientSpans {

	/** Request attribute marking a call whose span belongs to Spring's observation. */
	static final String OBSERVED_ATTRIBUTE = ClientSpans.class.getName() + ".observed";

	private final HeaderCapture requestHeaders;

	private final HeaderCapture responseHeaders;

	ClientSpans(LogfireHttpProperties.Client properties) {
		this.requestHeaders = HeaderCapture.of(properties.getCaptureRequestHeaders());
		this.responseHeaders = HeaderCapture.of(properties.getCaptureResponseHeaders());
	}

	String name(ClientCall call) {
		return HttpSpans.spanName(call.method(), HttpSpans.templatePath(call.uriTemplate()));
	}

	Attributes startAttributes(ClientCall call) {
		String method = call.method();
		URI uri = call.uri();
		HttpHeaders headers = call.headers();
		AttributesBuilder attributes = Attributes.builder();
		HttpSpans.putLogfireMessage(attributes,
				method + " " + SensitiveData.hostAndPort(uri) + ((uri.getRawPath() != null) ? uri.getRawPath() : ""));
		HttpSpans.putMethod(attributes, method);
		attributes.put(UrlAttributes.URL_FULL, SensitiveData.fullUrl(uri));
		if (uri.getHost() != null) {
			attributes.put(ServerAttributes.SERVER_ADDRESS, uri.getHost());
			attributes.put(ServerAttributes.SERVER_PORT, (long) port(uri));
		}
		String templatePath = HttpSpans.templatePath(call.uriTemplate());
		if (templatePath != null) {
			attributes.put(HttpSpans.URL_TEMPLATE, templatePath);
		}
		if (headers != null) {
			this.requestHeaders.capture(attributes, HttpAttributes.HTTP_REQUEST_HEADER, headers.headerNames(),
					headers::get);
		}
		return attributes.build();
	}

	/**
	 * Completes the span: status code, level and status (an error from 400 on, or when the call
	 * failed), the exception unless already recorded, response headers.
	 * @param status the response status, 0 when no response came
	 */
	void end(Span span, int status, HttpHeaders responseHeaders, Throwable exception, boolean exceptionRecorded) {
		if (!span.isRecording()) {
			return;
		}
		HttpSpans.recordOutcome(span, false, status, exception, exceptionRecorded);
		if (responseHeaders != null && this.responseHeaders.isEnabled()) {
			AttributesBuilder headers = Attributes.builder();
			this.responseHeaders.capture(headers, HttpAttributes.HTTP_RESPONSE_HEADER, responseHeaders.headerNames(),
					responseHeaders::get);
			span.setAllAttributes(headers.build());
		}
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
