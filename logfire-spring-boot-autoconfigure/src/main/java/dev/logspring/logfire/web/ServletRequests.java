package dev.logspring.logfire.web;

import java.util.Collections;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What the servlet side of the instrumentation reads from a request and response, and the
 * request attributes its parts share.
 */
final class ServletRequests {

	/** Request attribute holding the {@link ServerExchange} of the request's span. */
	static final String EXCHANGE_ATTRIBUTE = ServletRequests.class.getName() + ".exchange";

	/** Request attribute set on requests whose URL is excluded from tracing. */
	static final String EXCLUDED_ATTRIBUTE = ServletRequests.class.getName() + ".excluded";

	private ServletRequests() {
	}

	static ServerRequestView view(HttpServletRequest request) {
		String protocol = request.getProtocol();
		return new ServerRequestView(request.getMethod(), request.getScheme(), request.getRequestURI(),
				request.getQueryString(), request.getServerName(),
				request.getServerPort(), request.getRemoteAddr(),
				(protocol != null && protocol.startsWith("HTTP/")) ? protocol.substring(5) : null,
				// Read only if headers are captured: listing them on every request costs time.
				() -> request.getHeaderNames().asIterator(), (name) -> Collections.list(request.getHeaders(name)));
	}

	/** The matched route ({@code /users/{email}}), or {@code null} when no handler matched. */
	static @Nullable String route(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern != null) ? pattern.toString() : null;
	}

	/**
	 * An exception a handler threw but that was turned into a response
	 * ({@code @ExceptionHandler}, {@code ResponseStatusException}, problem details, an error
	 * view): Spring exposes it as a request attribute.
	 */
	static @Nullable Throwable handledException(HttpServletRequest request) {
		Object handled = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
		if (handled == null) {
			handled = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		}
		return (handled instanceof Throwable throwable) ? throwable : null;
	}

	/** Completes a servlet request's span (see {@link ServerSpans#end}). */
	static void end(ServerSpans spans, Span span, HttpServletRequest request, @Nullable HttpServletResponse response,
			@Nullable String route, int status, @Nullable Throwable exception) {
		spans.end(span, request.getMethod(), route, status, exception, false,
				(response != null) ? () -> response.getHeaderNames().iterator() : null,
				(name) -> List.copyOf(response.getHeaders(name)));
	}

}
