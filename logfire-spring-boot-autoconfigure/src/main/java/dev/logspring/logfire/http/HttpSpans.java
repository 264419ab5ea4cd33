package dev.logspring.logfire.http;

import java.net.URI;
import java.util.Set;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.internal.ExceptionFingerprint;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The shape of HTTP spans, shared by the server and client instrumentation and by the
 * enrichment of Spring's observation spans: names, methods, levels and statuses.
 */
public final class HttpSpans {

	/** {@code url.template}, still incubating in the semantic conventions. */
	public static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");

	private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
			"OPTIONS", "TRACE", "PATCH", "QUERY");

	private HttpSpans() {
	}

	/** The port {@code uri} reaches: its own, else the scheme's default (443 for https, 80 otherwise). */
	public static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/** The method as the semantic conventions record it: a known method, or {@code _OTHER}. */
	public static String method(@Nullable String method) {
		return (method != null && KNOWN_METHODS.contains(method)) ? method : HttpAttributes.HttpRequestMethodValues.OTHER;
	}

	/** Puts {@code http.request.method} (and the original method when it is not a known one). */
	public static void putMethod(AttributesBuilder attributes, @Nullable String method) {
		String normalized = method(method);
		attributes.put(HttpAttributes.HTTP_REQUEST_METHOD, normalized);
		if (method != null && !normalized.equals(method)) {
			attributes.put(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, method);
		}
	}

	/**
	 * {@code GET /users/{email}} when the route or URL template is known, {@code GET}
	 * otherwise (never the raw path: span names must stay few).
	 */
	public static String spanName(String method, @Nullable String route) {
		String normalized = method(method);
		String prefix = normalized.equals(HttpAttributes.HttpRequestMethodValues.OTHER) ? "HTTP" : normalized;
		return (route != null && !route.isEmpty()) ? prefix + " " + route : prefix;
	}

	/** The path part of a URI template ({@code http://host/users/{id}} gives {@code /users/{id}}). */
	public static @Nullable String templatePath(@Nullable String uriTemplate) {
		if (uriTemplate == null || uriTemplate.isEmpty()) {
			return null;
		}
		int scheme = uriTemplate.indexOf("://");
		if (scheme < 0) {
			return uriTemplate.startsWith("/") ? uriTemplate : null;
		}
		int path = uriTemplate.indexOf('/', scheme + 3);
		int query = uriTemplate.indexOf('?', scheme + 3);
		if (path < 0 || (query >= 0 && query < path)) {
			return "/";
		}
		return (query > path) ? uriTemplate.substring(path, query) : uriTemplate.substring(path);
	}

	/**
	 * Records how an exchange ended. A server span is an error from 500 on and a warning from
	 * 400 on; a client span is an error from 400 on; a call that got no response (status 0)
	 * and failed is an error. The exception event is added unless {@code exceptionRecorded}
	 * (Spring's observation already added one).
	 */
	public static void recordOutcome(Span span, boolean server, int status, @Nullable Throwable exception,
			boolean exceptionRecorded) {
		if (status > 0) {
			span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
		}
		boolean error = (status >= 500) || (!server && status >= 400) || (status == 0 && exception != null);
		if (exception != null && !exceptionRecorded) {
			SpanOutcomes.recordExceptionEvent(span, exception);
		}
		if (server && exception != null) {
			ServerSpanExceptions.recorded(exception);
		}
		if (error) {
			span.setAttribute(ErrorAttributes.ERROR_TYPE, (exception != null) ? typeName(exception) : String.valueOf(status));
			if (exception != null) {
				span.setStatus(StatusCode.ERROR, SpanOutcomes.describe(exception));
				ExceptionFingerprint.setIfIssue(span, Level.ERROR, exception);
			}
			else {
				span.setStatus(StatusCode.ERROR);
			}
			span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.ERROR.number());
		}
		else if (server && status >= 400) {
			span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.WARN.number());
		}
	}

	/** The exception's canonical class name, as OpenTelemetry records {@code exception.type}. */
	static String typeName(Throwable exception) {
		String canonical = exception.getClass().getCanonicalName();
		return (canonical != null) ? canonical : exception.getClass().getName();
	}

	/** Logfire's attributes of an HTTP span: its type and formatted message. */
	public static void putLogfireMessage(AttributesBuilder attributes, String message) {
		attributes.put(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_SPAN);
		attributes.put(LogfireAttributes.MSG, message);
	}

}
