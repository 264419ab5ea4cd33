package dev.logspring.logfire.llm;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Leaves out Spring's HTTP client observation for the model calls that
 * {@link LlmClientHttpRequestInterceptor} records, so each call is one span: the LLM span, which
 * carries the HTTP attributes as well. Only requests from builders that have the interceptor
 * are concerned; any other call keeps its observation, span and {@code http.client.requests}
 * metric.
 */
final class LlmHttpObservationPredicate implements ObservationPredicate {

	@Override
	public boolean test(String name, Observation.Context context) {
		if (context instanceof ClientRequestObservationContext client) {
			ClientHttpRequest request = client.getCarrier();
			return request == null
					|| !Boolean.TRUE.equals(request.getAttributes().get(LlmClientHttpRequestInterceptor.INSTRUMENTED_ATTRIBUTE))
					|| LlmClientHttpRequestInterceptor.recordedOperation(request) == null;
		}
		return true;
	}

}
