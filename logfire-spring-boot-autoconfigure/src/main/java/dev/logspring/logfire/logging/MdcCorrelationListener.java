package dev.logspring.logfire.logging;

import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;

/**
 * Puts {@code trace_id} and {@code span_id} in the MDC while a span is current, and restores
 * the outer span's ids when its scope closes.
 * <p>
 * Spring Boot wraps OpenTelemetry's {@code ContextStorage} so that every scope attached or
 * closed, whoever opened it ({@code @Traced}, the {@code Logfire} facade, an Observation, plain
 * OpenTelemetry code), is published to the {@link EventListener} beans; that is the hook that
 * follows make-current and close on each thread. Boot's own listener writes {@code traceId} and
 * {@code spanId}; this one adds Logfire's names beside them. Not itself a
 * {@link Slf4JEventListener} bean, so Boot's listener does not back off.
 */
final class MdcCorrelationListener implements EventListener {

	static final String TRACE_ID = "trace_id";

	static final String SPAN_ID = "span_id";

	private final Slf4JEventListener delegate = new Slf4JEventListener(TRACE_ID, SPAN_ID);

	@Override
	public void onEvent(Object event) {
		this.delegate.onEvent(event);
	}

}
