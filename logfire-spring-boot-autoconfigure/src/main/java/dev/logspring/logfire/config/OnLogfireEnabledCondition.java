package dev.logspring.logfire.config;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnLogfireEnabled}. */
class OnLogfireEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnLogfireEnabled.class);
		for (String property : new String[] { "logfire.enabled", "management.opentelemetry.enabled" }) {
			if (!environment.getProperty(property, Boolean.class, true)) {
				return ConditionOutcome.noMatch(message.because(property + " is false"));
			}
		}
		if ("true".equalsIgnoreCase(environment.getProperty("OTEL_SDK_DISABLED", "").trim())) {
			return ConditionOutcome.noMatch(message.because("OTEL_SDK_DISABLED is true"));
		}
		return ConditionOutcome.match(message.because("Logfire and OpenTelemetry are enabled"));
	}

}
