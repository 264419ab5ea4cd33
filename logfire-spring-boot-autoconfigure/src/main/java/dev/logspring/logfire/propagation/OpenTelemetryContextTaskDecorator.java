package dev.logspring.logfire.propagation;

import io.opentelemetry.context.Context;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's OpenTelemetry context (current span and baggage) into tasks
 * run by Spring's task executors and schedulers. Spring Boot applies every
 * {@code TaskDecorator} bean to the executors and schedulers it builds, so {@code @Async}
 * methods, {@code CompletableFuture} stages run on those executors and virtual-thread
 * executors continue the trace of the code that submitted them.
 */
public final class OpenTelemetryContextTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		return Context.current().wrap(runnable);
	}

}
