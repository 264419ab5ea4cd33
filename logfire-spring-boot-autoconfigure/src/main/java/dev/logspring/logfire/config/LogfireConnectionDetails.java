package dev.logspring.logfire.config;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where telemetry goes, resolved: each Logfire project (its write token and the base URL its
 * region gives) and the optional plain OTLP/HTTP backend. Built from {@code logfire.*} unless the
 * application (or a test) declares its own bean.
 */
public interface LogfireConnectionDetails extends ConnectionDetails {

	/** One endpoint per Logfire write token, token in its headers; empty when nothing goes to Logfire. */
	List<Endpoint> logfire();

	/** The additional OTLP/HTTP backend (a Collector, Jaeger, Tempo), or {@code null}. */
	@Nullable Endpoint otlp();

	/**
	 * One OTLP/HTTP backend: signals go to {@code /v1/traces} and {@code /v1/metrics} under
	 * {@code baseUrl} (no trailing slash), with {@code headers}.
	 */
	record Endpoint(String baseUrl, Map<String, String> headers) {

		public Endpoint {
			baseUrl = LogfireRegion.stripTrailingSlash(baseUrl);
			headers = Map.copyOf(headers);
		}

		/** A Logfire project's endpoint: the raw token as {@code Authorization}. */
		public static Endpoint logfire(String baseUrl, String token) {
			return new Endpoint(baseUrl, Map.of("Authorization", token));
		}

		@Override
		public String toString() {
			// Headers carry the token: keep them out of any log line.
			return "Endpoint[" + this.baseUrl + "]";
		}

	}

}
