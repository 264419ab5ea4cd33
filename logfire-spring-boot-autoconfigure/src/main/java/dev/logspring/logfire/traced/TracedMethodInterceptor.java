package dev.logspring.logfire.traced;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.ThreadUsage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Wraps each {@code @Traced} call in a span. A plain {@link MethodInterceptor} rather than an
 * {@code @Aspect}: it costs far less per call than {@code @Around} (figures in
 * docs/benchmarks.md). The user's method always runs, and always sees its own exceptions,
 * whatever happens to the telemetry.
 */
final class TracedMethodInterceptor implements MethodInterceptor {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			TracedMethodInterceptor.class.getClassLoader());

	private final Tracer tracer;

	private final Level minLevel;

	private final int maxJsonLength;

	private final boolean recordThreadUsage;

	private final Map<Method, TracedMethod> methods = new ConcurrentHashMap<>();

	TracedMethodInterceptor(Tracer tracer, Level minLevel, int maxJsonLength, boolean recordThreadUsage) {
		this.tracer = tracer;
		this.minLevel = minLevel;
		this.maxJsonLength = maxJsonLength;
		this.recordThreadUsage = recordThreadUsage;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		TracedMethod traced;
		Span span;
		Scope scope;
		// Describes JSON-encoded arguments and return value in logfire.json_schema; rarely needed.
		AttributeValues.JsonSchema schema;
		ThreadUsage usage;
		try {
			traced = describe(invocation);
			if (traced == null || !traced.enabled) {
				return invocation.proceed();
			}
			Object[] arguments = invocation.getArguments();
			SpanBuilder builder = spanBuilder(traced, arguments);
			schema = setArguments(builder, traced, arguments);
			span = builder.startSpan();
			if (traced.errorLevel) {
				span.setStatus(StatusCode.ERROR);
			}
			scope = span.makeCurrent();
			usage = traced.recordThreadUsage ? ThreadUsage.start() : null;
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("@Traced", ex);
			return invocation.proceed();
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			scope.close();
			SpanOutcomes.recordException(span, ex);
			if (usage != null) {
				usage.recordOnto(span);
			}
			span.end();
			throw ex;
		}
		scope.close();
		return complete(traced, span, schema, usage, result);
	}

	private @Nullable TracedMethod describe(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		TracedMethod traced = this.methods.get(method);
		if (traced != null) {
			return traced;
		}
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: method.getDeclaringClass();
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		Traced annotation = AnnotatedElementUtils.findMergedAnnotation(specific, Traced.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, Traced.class);
		}
		if (annotation == null) {
			return null;
		}
		Traced found = annotation;
		return this.methods.computeIfAbsent(method,
				(key) -> TracedMethod.of(specific, ClassUtils.getUserClass(targetClass), found, this.minLevel,
						this.recordThreadUsage));
	}

	private SpanBuilder spanBuilder(TracedMethod traced, Object[] arguments) {
		SpanBuilder builder = this.tracer.spanBuilder(traced.spanName).setAllAttributes(traced.constantAttributes);
		if (traced.newTrace) {
			Span current = Span.current();
			builder.setNoParent();
			if (current.getSpanContext().isValid()) {
				builder.addLink(current.getSpanContext());
			}
		}
		if (traced.template.hasPlaceholders()) {
			builder.setAttribute(LogfireAttributes.MSG, traced.message(arguments));
		}
		return builder;
	}

	/**
	 * Records the arguments: scalars straight on the builder with keys made once per method,
	 * others as JSON. Returns the schema of the JSON ones, or null when there are none.
	 */
	private AttributeValues.@Nullable JsonSchema setArguments(SpanBuilder builder, TracedMethod traced,
			Object[] arguments) {
		AttributeValues.JsonSchema schema = null;
		AttributesBuilder json = null;
		for (int i = 0; i < traced.recordedArguments.length; i++) {
			Object value = arguments[traced.recordedArguments[i]];
			AttributeValues.ScalarKeys keys = traced.argumentKeys[i];
			if (!keys.set(builder, value)) {
				if (schema == null) {
					schema = new AttributeValues.JsonSchema();
					json = Attributes.builder();
				}
				AttributeValues.put(json, keys.name(), value, schema, this.maxJsonLength);
			}
		}
		if (json != null) {
			schema.applyTo(json);
			builder.setAllAttributes(json.build());
		}
		return schema;
	}

	/**
	 * Ends the span now, or when an asynchronous result completes. The thread's usage is recorded
	 * only in the first case: an asynchronous result completes later, often on a thread that has
	 * done other work meanwhile.
	 */
	private @Nullable Object complete(TracedMethod traced, Span span, AttributeValues.@Nullable JsonSchema schema,
			@Nullable ThreadUsage usage, @Nullable Object result) {
		try {
			if (result instanceof CompletionStage<?> stage) {
				stage.whenComplete((value, failure) -> finish(traced, span, schema, null, value, failure));
				return result;
			}
			if (REACTOR_PRESENT && ReactorSupport.isReactive(result)) {
				return ReactorSupport.endOnTermination(result,
						(value, failure) -> finish(traced, span, schema, null, value, failure));
			}
			finish(traced, span, schema, usage, result, null);
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("@Traced", ex);
		}
		return result;
	}

	private void finish(TracedMethod traced, Span span, AttributeValues.@Nullable JsonSchema schema,
			@Nullable ThreadUsage usage, @Nullable Object value, @Nullable Throwable failure) {
		try {
			if (usage != null) {
				usage.recordOnto(span);
			}
			if (failure != null) {
				SpanOutcomes.recordException(span, unwrap(failure));
			}
			else if (traced.recordReturn && value != null) {
				AttributesBuilder attributes = Attributes.builder();
				AttributeValues.JsonSchema returnSchema = (schema != null) ? schema : new AttributeValues.JsonSchema();
				AttributeValues.put(attributes, "return", value, returnSchema, this.maxJsonLength);
				returnSchema.applyTo(attributes);
				span.setAllAttributes(attributes.build());
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("@Traced", ex);
		}
		finally {
			span.end();
		}
	}

	private static Throwable unwrap(Throwable failure) {
		if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

}
