package dev.logspring.logfire.web;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.logspring.logfire.http.ExcludedServerUrls;
import dev.logspring.logfire.http.HeaderCapture;
import dev.logspring.logfire.http.HttpSpans;
import dev.logspring.logfire.http.LogfireHttpProperties;
import dev.logspring.logfire.http.SensitiveData;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.semconv.UserAgentAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Reads a served request into a Logfire SERVER span: {@code GET /users/{email}} as name,
 * {@code GET /users/alice@example.com} as message, and the HTTP semantic-convention attributes.
 * Shared by our own servlet spans and the tracing handlers of Spring's server observations
 * (Spring MVC and WebFlux).
 */
final class ServerSpans {

	private final List<Pattern> excludedUrls;

	private final HeaderCapture requestHeaders;

	private final HeaderCapture responseHeaders;

	ServerSpans(List<ExcludedServerUrls> exclusions, List<String> captureRequestHeaders,
			List<String> captureResponseHeaders) {
		this.excludedUrls = exclusions.stream().flatMap((exclusion) -> exclusion.patterns().stream()).toList();
		this.requestHeaders = HeaderCapture.of(captureRequestHeaders);
		this.responseHeaders = HeaderCapture.of(captureResponseHeaders);
	}

	/** From {@code logfire.http.server.*}; the configured excluded URLs are among {@code exclusions}. */
	static ServerSpans of(LogfireHttpProperties.Server properties, List<ExcludedServerUrls> exclusions) {
		return new ServerSpans(exclusions, properties.getCaptureRequestHeaders(), properties.getCaptureResponseHeaders());
	}

	/** Whether an excluded-URL pattern is found in the URL (without its query). */
	boolean isExcluded(String url) {
		for (Pattern pattern : this.excludedUrls) {
			if (pattern.matcher(url).find()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A parent span that is never sampled, for excluded requests: with parent-based sampling
	 * nothing below it is recorded.
	 */
	static Span unsampledParent() {
		IdGenerator ids = IdGenerator.random();
		return Span.wrap(SpanContext.create(ids.generateTraceId(), ids.generateSpanId(), TraceFlags.getDefault(),
				TraceState.getDefault()));
	}

	/** The name known when the request starts: the method; the route is added at the end. */
	String startName(String method) {
		return HttpSpans.spanName(method, null);
	}

	Attributes startAttributes(ServerRequestView request) {
		AttributesBuilder attributes = Attributes.builder();
		String method = request.method();
		HttpSpans.putLogfireMessage(attributes, method + " " + SensitiveData.target(request.path(), request.query()));
		HttpSpans.putMethod(attributes, method);
		attributes.put(UrlAttributes.URL_SCHEME, request.scheme());
		attributes.put(UrlAttributes.URL_PATH, request.path());
		if (request.query() != null) {
			attributes.put(UrlAttributes.URL_QUERY, SensitiveData.redactQuery(request.query()));
		}
		attributes.put(ServerAttributes.SERVER_ADDRESS, request.serverAddress());
		attributes.put(ServerAttributes.SERVER_PORT, (long) request.serverPort());
		if (request.clientAddress() != null) {
			attributes.put(ClientAttributes.CLIENT_ADDRESS, request.clientAddress());
		}
		String userAgent = request.header("User-Agent");
		if (userAgent != null) {
			attributes.put(UserAgentAttributes.USER_AGENT_ORIGINAL, userAgent);
		}
		if (request.protocolVersion() != null) {
			attributes.put(NetworkAttributes.NETWORK_PROTOCOL_VERSION, request.protocolVersion());
		}
		this.requestHeaders.capture(attributes, HttpAttributes.HTTP_REQUEST_HEADER, request.headerNames(),
				request.headers());
		return attributes.build();
	}

	/**
	 * Completes the span: route and final name, status code, level and status, the exception
	 * (unless {@code exceptionRecorded}), response headers.
	 * @param responseHeaderNames the names of the response headers, {@code null} when none
	 * @param responseHeaders the values of a response header
	 */
	void end(Span span, String method, @Nullable String route, int status, @Nullable Throwable exception,
			boolean exceptionRecorded, @Nullable Iterable<String> responseHeaderNames,
			Function<String, List<String>> responseHeaders) {
		if (!span.isRecording()) {
			return;
		}
		if (route != null) {
			span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
		}
		span.updateName(HttpSpans.spanName(method, route));
		HttpSpans.recordOutcome(span, true, status, exception, exceptionRecorded);
		if (this.responseHeaders.isEnabled() && responseHeaderNames != null) {
			AttributesBuilder headers = Attributes.builder();
			this.responseHeaders.capture(headers, HttpAttributes.HTTP_RESPONSE_HEADER, responseHeaderNames,
					responseHeaders);
			span.setAllAttributes(headers.build());
		}
	}

}
