package dev.logspring.logfire.traced;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Traced;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * What a native image needs for the {@link Traced} methods of a bean: each method (its parameter
 * names fill the message template) and the types of the arguments and the return value it
 * records, which are written as JSON. Registered in {@code aot.factories}, so Spring's AOT
 * processing asks it about every bean and {@code @Traced} itself stays free of AOT machinery.
 */
class TracedAotProcessor implements BeanRegistrationAotProcessor {

	private static final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
		Class<?> type = ClassUtils.getUserClass(bean.getBeanClass());
		Map<Method, Traced> traced = tracedMethods(type);
		if (traced.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> traced.forEach((method, annotation) -> registerTracedMethod(
				generationContext.getRuntimeHints().reflection(), method, type, annotation));
	}

	/** The traced methods of {@code type}: a traced class traces each public method; a method's own @Traced wins. */
	private static Map<Method, Traced> tracedMethods(Class<?> type) {
		Traced onType = AnnotatedElementUtils.findMergedAnnotation(type, Traced.class);
		Map<Method, Traced> traced = new LinkedHashMap<>();
		ReflectionUtils.doWithMethods(type, (method) -> {
			Traced onMethod = AnnotatedElementUtils.findMergedAnnotation(method, Traced.class);
			Traced effective = (onMethod != null) ? onMethod
					: (Modifier.isPublic(method.getModifiers()) ? onType : null);
			if (effective != null) {
				traced.put(method, effective);
			}
		}, (method) -> method.getDeclaringClass() != Object.class && !Modifier.isStatic(method.getModifiers()));
		return traced;
	}

	private static void registerTracedMethod(ReflectionHints hints, Method method, Class<?> type, Traced traced) {
		hints.registerMethod(method, ExecutableMode.INVOKE);
		// What the interceptor records: the same arguments (exclusions applied) and return value.
		TracedMethod recorded = TracedMethod.of(method, type, traced, Level.TRACE, false);
		Type[] parameters = method.getGenericParameterTypes();
		for (int index : recorded.recordedArguments) {
			bindingHints.registerReflectionHints(hints, parameters[index]);
		}
		if (recorded.recordReturn) {
			bindingHints.registerReflectionHints(hints, method.getGenericReturnType());
		}
	}

}
