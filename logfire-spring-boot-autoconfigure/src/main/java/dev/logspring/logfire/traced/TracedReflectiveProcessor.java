package dev.logspring.logfire.traced;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Traced;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What a native image needs for a {@link Traced} method: the method itself (its parameter names
 * fill the message template) and the types of the arguments and the return value it records,
 * which are written as JSON. Spring's AOT processing calls it for every bean class that uses
 * {@code @Traced}.
 */
public class TracedReflectiveProcessor extends SimpleReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	protected void registerTypeHint(ReflectionHints hints, Class<?> type) {
		super.registerTypeHint(hints, type);
		// A traced class traces each of its public methods; a method's own @Traced wins.
		Traced onType = AnnotatedElementUtils.findMergedAnnotation(type, Traced.class);
		for (Method method : type.getMethods()) {
			if (method.getDeclaringClass() != Object.class && !Modifier.isStatic(method.getModifiers())) {
				Traced onMethod = AnnotatedElementUtils.findMergedAnnotation(method, Traced.class);
				registerTracedMethod(hints, method, type, (onMethod != null) ? onMethod : onType);
			}
		}
	}

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		registerTracedMethod(hints, method, method.getDeclaringClass(),
				AnnotatedElementUtils.findMergedAnnotation(method, Traced.class));
	}

	private void registerTracedMethod(ReflectionHints hints, Method method, Class<?> type, Traced traced) {
		super.registerMethodHint(hints, method);
		if (traced == null) {
			return;
		}
		// What the interceptor records: the same arguments (exclusions applied) and return value.
		TracedMethod recorded = TracedMethod.of(method, type, traced, Level.TRACE, false);
		Type[] parameters = method.getGenericParameterTypes();
		for (int index : recorded.recordedArguments) {
			this.bindingHints.registerReflectionHints(hints, parameters[index]);
		}
		if (recorded.recordReturn) {
			this.bindingHints.registerReflectionHints(hints, method.getGenericReturnType());
		}
	}

}
