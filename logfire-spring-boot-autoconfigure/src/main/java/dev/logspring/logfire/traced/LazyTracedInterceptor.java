package dev.logspring.logfire.traced;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * Builds the real interceptor on first use, so that the advisor (created with the bean
 * post-processors) does not force the OpenTelemetry SDK and its beans to be created early.
 */
final class LazyTracedInterceptor implements MethodInterceptor {

	private final SingletonSupplier<TracedMethodInterceptor> delegate;

	LazyTracedInterceptor(Supplier<TracedMethodInterceptor> delegate) {
		this.delegate = SingletonSupplier.of(delegate);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		return this.delegate.obtain().invoke(invocation);
	}

}
