package dev.logspring.logfire.web;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The span of one served request, kept as a request attribute so that every part of the
 * instrumentation (and async dispatches) finds it, and so that a request never gets two.
 * @param span the SERVER span
 * @param context the context to restore on async dispatches ({@code null} for observation spans,
 * whose scope Spring restores)
 * @param observed whether the span belongs to Spring's observation (which ends it)
 */
record ServerExchange(Span span, @Nullable Context context, boolean observed) {

	static ServerExchange observed(Span span) {
		return new ServerExchange(span, null, true);
	}

	static ServerExchange own(Span span, Context context) {
		return new ServerExchange(span, context, false);
	}

}
