package dev.logspring.logfire.traced;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import dev.logspring.logfire.api.Traced;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Matches methods annotated with {@code @Traced}, and public methods of classes annotated
 * with it. Static matching: the decision is made once per method when the proxy is built.
 */
final class TracedPointcutAdvisor extends AbstractPointcutAdvisor {

	private final Advice advice;

	private final Pointcut pointcut = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
			if (AnnotatedElementUtils.hasAnnotation(specific, Traced.class)) {
				return true;
			}
			return Modifier.isPublic(specific.getModifiers()) && specific.getDeclaringClass() != Object.class
					&& AnnotatedElementUtils.hasAnnotation(targetClass, Traced.class);
		}

	};

	TracedPointcutAdvisor(Advice advice) {
		this.advice = advice;
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

}
