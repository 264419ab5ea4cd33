package dev.logspring.logfire.pipeline;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a consumer tries a failed batch again, and after how long. Consumers keep one
 * backoff per destination: while a batch waits, nothing else is sent there.
 */
@FunctionalInterface
public interface ExportRetry {

	/** Gives every failed batch up at once: for exporters that retry on their own. */
	ExportRetry NEVER = (failure, attempt) -> null;

	/**
	 * The delay before the next attempt at a batch that failed {@code attempt} times (from 1),
	 * or {@code null} to give it up.
	 * @param failure what the exporter failed with, or {@code null} when it said nothing
	 */
	@Nullable Duration delayAfter(@Nullable Throwable failure, int attempt);

}
