package dev.logspring.logfire.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a span for each call of the annotated method, or of every public method of the
 * annotated class, like Logfire's {@code @logfire.instrument}.
 * <p>
 * The span's message is {@link #value()} with {@code {placeholders}} filled from the
 * arguments (by parameter name), {@code {class}} and {@code {method}}. Exceptions are recorded
 * with Logfire's conventions, and methods returning {@code CompletionStage}, {@code Mono} or
 * {@code Flux} keep their span open until the result completes. Ahead-of-time processing registers
 * the reflection a native image needs to write the recorded arguments and return value as JSON.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Traced {

	/** Message template; {@code {class}}, {@code {method}} and argument names may be used. */
	String value() default "Calling {class}.{method}";

	/** Span name; defaults to the template. */
	String spanName() default "";

	/** Record the arguments as span attributes, by parameter name. */
	boolean recordArguments() default true;

	/** Names of arguments never recorded (for example large payloads). */
	String[] exclude() default {};

	/** Record the return value as the {@code return} attribute. */
	boolean recordReturn() default false;

	/** Level of the span; a level below {@code logfire.min-level} creates no span. */
	Level level() default Level.INFO;

	/** Tags ({@code logfire.tags}). */
	String[] tags() default {};

	/** Start a new trace, linked to the current span, instead of a child span. */
	boolean newTrace() default false;

	/**
	 * Record the CPU time ({@code thread.cpu_time_ns}) and heap bytes ({@code thread.allocated_bytes})
	 * the calling thread spends in the span; {@code logfire.record-thread-usage} turns it on for all
	 * methods. A span ended on another thread (an asynchronous result) records neither.
	 */
	boolean recordThreadUsage() default false;

}
