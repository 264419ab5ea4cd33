package dev.logspring.logfire.explorer;

import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.config.RuntimeSettingCondition;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The explorer runs when {@code logfire.explorer.enabled} says so, and by default whenever
 * spans are not sent to Logfire: it is then the backend a developer looks at. The token is often
 * set only where the application runs, so an application processed ahead of time decides when it
 * starts.
 */
class ExplorerEnabledCondition extends RuntimeSettingCondition {

	@Override
	protected ConditionOutcome outcome(Environment environment) {
		Boolean enabled = environment.getProperty("logfire.explorer.enabled", Boolean.class);
		if (enabled != null) {
			return new ConditionOutcome(enabled, "logfire.explorer.enabled is " + enabled);
		}
		LogfireProperties logfire = Binder.get(environment)
			.bind("logfire", LogfireProperties.class)
			.orElseGet(LogfireProperties::new);
		try {
			return logfire.shouldSendToLogfire()
					? ConditionOutcome.noMatch("spans are sent to Logfire (a token is set)")
					: ConditionOutcome.match("spans are not sent to Logfire (no token)");
		}
		catch (RuntimeException ex) {
			// An invalid logfire.* value is reported by LogfireProperties itself.
			return ConditionOutcome.noMatch("logfire.* settings are invalid");
		}
	}

}
