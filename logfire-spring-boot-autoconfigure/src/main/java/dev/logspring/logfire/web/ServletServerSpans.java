package dev.logspring.logfire.web;

import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import dev.logspring.logfire.http.HeaderCapture;
import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.LogfireHttpProperties;
import dev.logspring.logfire.http.SensitiveData;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Reads a servlet exchange into a Logfire SERVER span: {@code GET /users/{email}} as name,
 * {@code GET /users/alice@example.com} as message, and the HTTP semantic-convention attributes.
 * Shared by our own server spans and the enrichment of Spring's observation spans.
 */
final class ServletServerSpans {

	/** Request attribute holding the {@link ServerExchange} of the request's span. */
	static final String EXCHANGE_ATTRIBUTE = ServletServerSpans.class.getName() + ".exchange";

	/** Request attribute set on requests whose URL is excluded from tracing. */
	static final String EXCLUDED_ATTRIBUTE = ServletServerSpans.class.getName() + ".excluded";

	private final List<Pattern> excludedUrls;

	private final HeaderCapture requestHeaders;

	private final HeaderCapture responseHeaders;

	ServletServerSpans(LogfireHttpProperties.Server properties) {
		this.excludedUrls = properties.excludedUrlPatterns();
		this.requestHeaders = HeaderCapture.of(properties.getCaptureRequestHeaders());
		this.responseHeaders = HeaderCapture.of(properties.getCaptureResponseHeaders());
	}

	/** Whether an excluded-URL pattern is found in the request URL (without its query). */
	boolean isExcluded(HttpServletRequest request) {
		if (this.excludedUrls.isEmpty()) {
			return false;
		}
		String url = request.getRequestURL().toString();
		for (Pattern pattern : this.excludedUrls) {
			if (pattern.matcher(url).find()) {
				return true;
			}
		}
		return false;
	}

	/** The name known when the request starts: the method; the route is added at the end. */
	String startName(HttpServletRequest request) {
		return HttpSpans.spanName(request.getMethod(), null);
	}

	Attributes startAttributes(HttpServletRequest request) {
		AttributesBuilder attributes = Attributes.builder();
		String method = request.getMethod();
		String target = SensitiveData.target(request.getRequestURI(), request.getQueryString());
		HttpSpans.putLogfireMessage(attributes, method + " " + target);
		HttpSpans.putMethod(attributes, method);
		attributes.put(UrlAttributes.URL_SCHEME, request.getScheme());
		attributes.put(UrlAttributes.URL_PATH, request.getRequestURI());
		if (request.getQueryString() != null) {
			attributes.put(UrlAttributes.URL_QUERY, SensitiveData.redactQuery(request.getQueryString()));
		}
		attributes.put(ServerAttributes.SERVER_ADDRESS, request.getServerName());
		attributes.put(ServerAttributes.SERVER_PORT, (long) request.getServerPort());
		attributes.put(ClientAttributes.CLIENT_ADDRESS, request.getRemoteAddr());
		String userAgent = request.getHeader("User-Agent");
		if (userAgent != null) {
			attributes.put(UserAgentAttributes.USER_AGENT_ORIGINAL, userAgent);
		}
		String protocol = request.getProtocol();
		if (protocol != null && protocol.startsWith("HTTP/")) {
			attributes.put(NetworkAttributes.NETWORK_PROTOCOL_VERSION, protocol.substring(5));
		}
		this.requestHeaders.capture(attributes, HttpAttributes.HTTP_REQUEST_HEADER,
				Collections.list(request.getHeaderNames()), (name) -> Collections.list(request.getHeaders(name)));
		return attributes.build();
	}

	/** The matched route ({@code /users/{email}}), or {@code null} when no handler matched. */
	static String route(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern != null) ? pattern.toString() : null;
	}

	/**
	 * An exception a handler threw but that was turned into a response
	 * ({@code @ExceptionHandler}, {@code ResponseStatusException}, problem details, an error
	 * view): Spring exposes it as a request attribute.
	 */
	static Throwable handledException(HttpServletRequest request) {
		Object handled = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
		if (handled == null) {
			handled = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		}
		return (handled instanceof Throwable throwable) ? throwable : null;
	}

	/**
	 * Completes the span: route and final name, status code, level and status, the exception
	 * (unless {@code exceptionRecorded}), response headers.
	 */
	void end(Span span, HttpServletRequest request, HttpServletResponse response, String route, int status,
			Throwable exception, boolean exceptionRecorded) {
		if (!span.isRecording()) {
			return;
		}
		if (route != null) {
			span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
		}
		span.updateName(HttpSpans.spanName(request.getMethod(), route));
		HttpSpans.recordOutcome(span, true, status, exception, exceptionRecorded);
		if (this.responseHeaders.isEnabled() && response != null) {
			AttributesBuilder headers = Attributes.builder();
			this.responseHeaders.capture(headers, HttpAttributes.HTTP_RESPONSE_HEADER, response.getHeaderNames(),
					(name) -> List.copyOf(response.getHeaders(name)));
			span.setAllAttributes(headers.build());
		}
	}

}
