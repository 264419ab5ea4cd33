package dev.logspring.logfire.client;

import java.io.IOException;

import dev.logspring.logfire.http.ObservedSpans;
import dev.logspring.logfire.http.SensitiveData;
import dev.logspring.logfire.tracing.TelemetryErrors;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.api.trace.Span;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Gives the span of Spring's {@code http.client.requests} observation (RestClient,
 * RestTemplate) Logfire's shape instead of starting a second span, and marks the call so that
 * {@link LogfireClientHttpRequestInterceptor} steps aside. The span name is set through the
 * observation's contextual name; the metric's name and key values stay as they are.
 */
final class ClientObservationEnricher implements ObservationHandler<ClientRequestObservationContext> {

	private static final String HTTP_URL = "http.url";

	private final ClientSpans spans;

	ClientObservationEnricher(ClientSpans spans) {
		this.spans = spans;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClientRequestObservationContext;
	}

	@Override
	public void onStart(ClientRequestObservationContext context) {
		try {
			ClientHttpRequest request = context.getCarrier();
			Span span = ObservedSpans.of(context);
			if (span == null || request == null) {
				return;
			}
			request.getAttributes().put(ClientSpans.OBSERVED_ATTRIBUTE, Boolean.TRUE);
			if (span.isRecording()) {
				span.updateName(this.spans.name(request.getMethod().name(), context.getUriTemplate()));
				span.setAllAttributes(this.spans.startAttributes(request, context.getUriTemplate()));
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client observation", ex);
		}
	}

	@Override
	public void onStop(ClientRequestObservationContext context) {
		try {
			ClientHttpRequest request = context.getCarrier();
			Span span = ObservedSpans.of(context);
			if (span == null || request == null) {
				return;
			}
			context.setContextualName(this.spans.name(request.getMethod().name(), context.getUriTemplate()));
			ClientHttpResponse response = context.getResponse();
			int status = 0;
			HttpHeaders headers = null;
			if (response != null) {
				try {
					status = response.getStatusCode().value();
					headers = response.getHeaders();
				}
				catch (IOException ex) {
					// No status to report: the error is.
				}
			}
			redactUrlKeyValue(context);
			// Micrometer's handler has recorded the error Spring reported to the observation.
			this.spans.end(span, status, headers, context.getError(), context.getError() != null);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client observation", ex);
		}
	}

	/**
	 * Spring's convention puts the expanded URL, user info and query included, in the
	 * {@code http.url} key value, which Micrometer copies onto the span (not into metrics).
	 */
	private static void redactUrlKeyValue(ClientRequestObservationContext context) {
		KeyValue url = context.getHighCardinalityKeyValue(HTTP_URL);
		if (url != null) {
			String redacted = SensitiveData.redactUrl(url.getValue());
			if (!redacted.equals(url.getValue())) {
				context.addHighCardinalityKeyValue(KeyValue.of(HTTP_URL, redacted));
			}
		}
	}

}
