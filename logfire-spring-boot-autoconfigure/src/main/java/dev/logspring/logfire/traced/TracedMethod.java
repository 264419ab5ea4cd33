package dev.logspring.logfire.traced;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.MessageTemplate;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;

/**
 * What {@code @Traced} means for one method, worked out once and cached: the template with
 * {@code {class}} and {@code {method}} already filled in, the constant attributes, and which
 * arguments are recorded under which names. The per-call path only reads it.
 */
final class TracedMethod {

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	final String spanName;

	final MessageTemplate template;

	/** Attributes every call carries: span type, template, message (when constant), code location, tags. */
	final Attributes constantAttributes;

	final String[] parameterNames;

	/** Indexes of the arguments recorded as attributes. */
	final int[] recordedArguments;

	/** The attribute keys of each recorded argument, in the order of {@link #recordedArguments}. */
	final AttributeValues.ScalarKeys[] argumentKeys;

	/** For each placeholder of the template, the index of the argument it shows, or -1. */
	final Map<String, Integer> placeholderArguments;

	final boolean recordReturn;

	final boolean newTrace;

	final boolean recordThreadUsage;

	final boolean enabled;

	/** At level error or above: status ERROR from the start, as Logfire's SDKs set it. */
	final boolean errorLevel;

	private TracedMethod(Method method, Class<?> targetClass, Traced traced, Level minLevel,
			boolean recordThreadUsage) {
		String className = targetClass.getSimpleName();
		this.template = MessageTemplate.parse(traced.value())
			.bind((name) -> name.equals("class") ? className : name.equals("method") ? method.getName() : null);
		this.spanName = traced.spanName().isEmpty() ? this.template.text() : traced.spanName();
		String[] names = PARAMETER_NAMES.getParameterNames(method);
		if (names == null) {
			names = new String[method.getParameterCount()];
			for (int i = 0; i < names.length; i++) {
				names[i] = "arg" + i;
			}
		}
		this.parameterNames = names;
		Set<String> excluded = Set.of(traced.exclude());
		this.recordedArguments = traced.recordArguments() ? java.util.stream.IntStream.range(0, names.length)
			.filter((i) -> !excluded.contains(this.parameterNames[i]))
			.toArray() : new int[0];
		this.argumentKeys = java.util.stream.IntStream.of(this.recordedArguments)
			.mapToObj((i) -> AttributeValues.ScalarKeys.of(this.parameterNames[i]))
			.toArray(AttributeValues.ScalarKeys[]::new);
		Map<String, Integer> placeholders = new HashMap<>();
		List<String> parameterList = Arrays.asList(names);
		for (String placeholder : this.template.names()) {
			placeholders.put(placeholder, parameterList.indexOf(placeholder));
		}
		this.placeholderArguments = Map.copyOf(placeholders);
		this.recordReturn = traced.recordReturn();
		this.newTrace = traced.newTrace();
		this.recordThreadUsage = recordThreadUsage || traced.recordThreadUsage();
		this.enabled = traced.level().isAtLeast(minLevel);
		this.errorLevel = traced.level().isAtLeast(Level.ERROR);
		AttributesBuilder constant = Attributes.builder()
			.put(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_SPAN)
			.put(LogfireAttributes.MSG_TEMPLATE, this.template.text())
			.put(LogfireAttributes.CODE_NAMESPACE, targetClass.getName())
			.put(LogfireAttributes.CODE_FUNCTION, method.getName());
		SourceLocation location = SourceLocation.of(method);
		if (location.filepath() != null) {
			constant.put(LogfireAttributes.CODE_FILEPATH, location.filepath());
		}
		if (location.lineno() > 0) {
			constant.put(LogfireAttributes.CODE_LINENO, location.lineno());
		}
		if (!this.template.hasPlaceholders()) {
			constant.put(LogfireAttributes.MSG, this.template.text());
		}
		if (traced.level() != Level.INFO) {
			constant.put(LogfireAttributes.LEVEL_NUM, (long) traced.level().number());
		}
		if (traced.tags().length > 0) {
			constant.put(LogfireAttributes.TAGS, List.of(traced.tags()));
		}
		this.constantAttributes = constant.build();
	}

	static TracedMethod of(Method method, Class<?> targetClass, Traced traced, Level minLevel,
			boolean recordThreadUsage) {
		return new TracedMethod(method, targetClass, traced, minLevel, recordThreadUsage);
	}

	/** The formatted message for one call; only called when the template has placeholders. */
	String message(Object[] arguments) {
		return this.template.format((name) -> {
			Integer index = this.placeholderArguments.get(name);
			return (index != null && index >= 0 && index < arguments.length) ? arguments[index] : null;
		});
	}

}
