package dev.logspring.logfire.llm;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.otel.bridge.OtelTraceContext;
import io.opentelemetry.context.Context;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.model.observation.ModelObservationContext;

/**
 * Traces Spring AI's chat and embedding model observations as Logfire LLM spans. Registered
 * ahead of Boot's default tracing handler, it is the first matching tracing handler for these
 * contexts, so each model call gives exactly one span: this one, a CLIENT span named and
 * shaped as Logfire names it, with typed {@code gen_ai.*} attributes, request_data,
 * response_data and cost. The observation itself is untouched: Spring AI's meters and any
 * other handler keep working.
 */
final class SpringAiLlmObservationHandler implements TracingObservationHandler<ModelObservationContext<?, ?>> {

	private final Tracer tracer;

	private final LlmTelemetry telemetry;

	SpringAiLlmObservationHandler(Tracer tracer, LlmTelemetry telemetry) {
		this.tracer = tracer;
		this.telemetry = telemetry;
	}

	/** The call being recorded, kept in the observation's context between start and stop. */
	private record Recording(LlmCall call, io.opentelemetry.api.trace.Span span, long startNanos) {
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatModelObservationContext || context instanceof EmbeddingModelObservationContext;
	}

	@Override
	public void onStart(ModelObservationContext<?, ?> context) {
		Span parent = getParentSpan(context);
		Context parentContext = (parent != null) ? OtelTraceContext.toOtelContext(parent.context()) : Context.current();
		LlmCall call;
		try {
			call = SpringAiCalls.request(context, this.telemetry);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("reading a Spring AI request", ex);
			call = new LlmCall(
					(context instanceof ChatModelObservationContext) ? LlmOperation.CHAT : LlmOperation.EMBEDDINGS,
					context.getOperationMetadata().provider());
		}
		io.opentelemetry.api.trace.Span span = this.telemetry.startSpan(call, parentContext);
		context.put(Recording.class, new Recording(call, span, System.nanoTime()));
		// The marked context becomes current in the observation's scope, for the calls the model makes.
		getTracingContext(context).setSpan(OtelSpan.fromOtel(span, LlmTelemetry.markLlmCall(parentContext)));
	}

	@Override
	public void onError(ModelObservationContext<?, ?> context) {
		// Recorded when the observation stops, with the rest of the outcome.
	}

	@Override
	public void onStop(ModelObservationContext<?, ?> context) {
		Recording recording = context.get(Recording.class);
		if (recording == null) {
			return;
		}
		LlmCall call = recording.call();
		try {
			SpringAiCalls.response(call, context, this.telemetry);
			// Key values added by users' conventions or filters, beyond the gen_ai.* ones recorded typed.
			for (KeyValue keyValue : context.getAllKeyValues()) {
				if (!keyValue.getKey().startsWith("gen_ai.") && !KeyValue.NONE_VALUE.equals(keyValue.getValue())) {
					recording.span().setAttribute(keyValue.getKey(), keyValue.getValue());
				}
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("reading a Spring AI response", ex);
		}
		getTracingContext(context).close();
		if (context.getError() != null) {
			this.telemetry.endSpan(recording.span(), call, recording.startNanos(), context.getError());
		}
		else {
			this.telemetry.endSpan(recording.span(), call, recording.startNanos());
		}
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
