package dev.logspring.logfire.http;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP server and client spans, under {@code logfire.http.*}.
 */
@ConfigurationProperties("logfire.http")
public class LogfireHttpProperties {

	private final Server server = new Server();

	private final Client client = new Client();

	public Server getServer() {
		return this.server;
	}

	public Client getClient() {
		return this.client;
	}

	/** Header capture, the same on both sides of an exchange. */
	public abstract static class HeaderCaptureSettings {

		/**
		 * Request headers recorded as http.request.header.<name> ("*" for all).
		 * Credentials (Authorization, Cookie...) are recorded as scrubbed.
		 */
		private List<String> captureRequestHeaders = new ArrayList<>();

		/**
		 * Response headers recorded as http.response.header.<name> ("*" for all).
		 * Credentials (Set-Cookie...) are recorded as scrubbed.
		 */
		private List<String> captureResponseHeaders = new ArrayList<>();

		public List<String> getCaptureRequestHeaders() {
			return this.captureRequestHeaders;
		}

		public void setCaptureRequestHeaders(List<String> captureRequestHeaders) {
			this.captureRequestHeaders = captureRequestHeaders;
		}

		public List<String> getCaptureResponseHeaders() {
			return this.captureResponseHeaders;
		}

		public void setCaptureResponseHeaders(List<String> captureResponseHeaders) {
			this.captureResponseHeaders = captureResponseHeaders;
		}

	}

	public static class Server extends HeaderCaptureSettings {

		/** Whether each request served gets a SERVER span (Spring MVC, Spring WebFlux). */
		private boolean enabled = true;

		/**
		 * Regular expressions searched in the request URL without its query
		 * (http://host:port/path); a request that matches gets no span, nor do the spans
		 * of the work it does.
		 */
		private List<String> excludedUrls = new ArrayList<>(List.of("/actuator/(health|prometheus)(/.*)?$"));

		/**
		 * Whether to continue the caller's trace and baggage from the incoming traceparent,
		 * tracestate and baggage headers. Turn it off for services exposed to the internet,
		 * whose callers must not choose trace ids or inject baggage.
		 */
		private boolean extractTraceContext = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getExcludedUrls() {
			return this.excludedUrls;
		}

		public void setExcludedUrls(List<String> excludedUrls) {
			this.excludedUrls = excludedUrls;
		}

		public boolean isExtractTraceContext() {
			return this.extractTraceContext;
		}

		public void setExtractTraceContext(boolean extractTraceContext) {
			this.extractTraceContext = extractTraceContext;
		}

	}

	public static class Client extends HeaderCaptureSettings {

		/** Whether each call made through RestClient, RestTemplate or WebClient gets a CLIENT span. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
