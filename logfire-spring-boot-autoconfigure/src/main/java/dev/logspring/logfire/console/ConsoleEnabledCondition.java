package dev.logspring.logfire.console;

import dev.logspring.logfire.config.RuntimeSettingCondition;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.core.env.Environment;

/**
 * The console prints unless {@code logfire.console.enabled} (or {@code LOGFIRE_CONSOLE}) is
 * {@code false}: often set only where the application runs, so an application processed ahead
 * of time decides when it starts.
 */
class ConsoleEnabledCondition extends RuntimeSettingCondition {

	@Override
	protected ConditionOutcome outcome(Environment environment) {
		boolean enabled = environment.getProperty("logfire.console.enabled", Boolean.class, true);
		return new ConditionOutcome(enabled, "logfire.console.enabled is " + enabled);
	}

}
