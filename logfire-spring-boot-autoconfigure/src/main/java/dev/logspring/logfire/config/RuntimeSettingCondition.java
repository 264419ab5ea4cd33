package dev.logspring.logfire.config;

import org.springframework.aot.AotDetector;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A condition on settings that are often given only where the application runs (a token, an
 * environment variable switching the console off). Ahead-of-time processing evaluates conditions
 * once, at build time, and freezes their outcome into the generated bean definitions. So while
 * the application is processed this condition matches, and the factory methods of the beans it
 * guards ask {@link #holdsAtStartup} and return {@code null} when it does not hold: a null bean,
 * which {@code ObjectProvider} streams and collection injection skip. On the plain JVM the
 * condition decides as any other and {@link #holdsAtStartup} is always true.
 */
public abstract class RuntimeSettingCondition extends SpringBootCondition {

	@Override
	public final ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return ConditionOutcome.match("decided when the application starts: it is being processed ahead of time");
		}
		return outcome(context.getEnvironment());
	}

	/** The outcome for the settings in {@code environment}. */
	protected abstract ConditionOutcome outcome(Environment environment);

	/**
	 * Whether the beans this condition guards are built: in an application processed ahead of
	 * time, by the settings it starts with; otherwise the condition has decided already.
	 */
	public final boolean holdsAtStartup(Environment environment) {
		return !AotDetector.useGeneratedArtifacts() || outcome(environment).isMatch();
	}

}
