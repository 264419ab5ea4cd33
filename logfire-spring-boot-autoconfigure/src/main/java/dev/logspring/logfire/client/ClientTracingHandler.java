package dev.logspring.logfire.client;

import java.io.IOException;

import dev.logspring.logfire.http.ObservedSpans;
import dev.logspring.logfire.tracing.TelemetryErrors;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Traces Spring's {@code http.client.requests} observation (RestClient, RestTemplate) the
 * Logfire way, in place of Micrometer's generic sender handler (ordered first among the
 * tracing handlers): the CLIENT span is named and shaped when it starts, the trace context and
 * baggage are injected by Micrometer as usual, and status, level and failure are added when it
 * stops. The call is marked so that {@link LogfireClientHttpRequestInterceptor} steps aside.
 * The metric's name and key values stay as they are.
 */
final class ClientTracingHandler extends PropagatingSenderTracingObservationHandler<ClientRequestObservationContext> {

	private final ClientSpans spans;

	ClientTracingHandler(Tracer tracer, Propagator propagator, ClientSpans spans) {
		super(tracer, propagator);
		this.spans = spans;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClientRequestObservationContext;
	}

	@Override
	public Span createSenderSpan(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		Span parent = getParentSpan(context);
		Span.Builder builder = getTracer().spanBuilder().kind(Span.Kind.CLIENT);
		if (parent != null) {
			builder = builder.setParent(parent.context());
		}
		if (request != null) {
			try {
				request.getAttributes().put(ClientSpans.OBSERVED_ATTRIBUTE, Boolean.TRUE);
				String method = request.getMethod().name();
				builder = ObservedSpans.withAttributes(builder.name(this.spans.name(method, context.getUriTemplate())),
						this.spans.startAttributes(request, context.getUriTemplate()));
			}
			catch (RuntimeException ex) {
				TelemetryErrors.report("HTTP client observation", ex);
			}
		}
		return builder.start();
	}

	/** The failure is recorded when the observation stops, in Logfire's shape. */
	@Override
	public void onError(ClientRequestObservationContext context) {
	}

	@Override
	public void tagSpan(ClientRequestObservationContext context, Span span) {
		ObservedSpans.tagWithoutSpringHttpKeys(context, span);
	}

	@Override
	public void customizeSenderSpan(ClientRequestObservationContext context, Span span) {
		ClientHttpRequest request = context.getCarrier();
		if (request == null) {
			return;
		}
		try {
			context.setContextualName(this.spans.name(request.getMethod().name(), context.getUriTemplate()));
			int status = 0;
			HttpHeaders headers = null;
			ClientHttpResponse response = context.getResponse();
			if (response != null) {
				try {
					status = response.getStatusCode().value();
					headers = response.getHeaders();
				}
				catch (IOException ex) {
					// No status to report: the failure is.
				}
			}
			this.spans.end(ObservedSpans.toOtel(span), status, headers, context.getError(), false);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("HTTP client observation", ex);
		}
	}

}
