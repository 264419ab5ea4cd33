package dev.logspring.logfire.explorer;

import dev.logspring.logfire.config.LogfireProperties.SendToLogfire;
import dev.logspring.logfire.config.PropertiesLogfireConnectionDetails;
import dev.logspring.logfire.config.RuntimeSettingCondition;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The explorer runs when {@code logfire.explorer.enabled} says so, and by default only where no
 * span leaves the process (no Logfire token, no OTLP endpoint): it is then the backend a
 * developer looks at. Wherever spans already go somewhere, keeping a copy in memory is asked for.
 * The token is often set only where the application runs, so an application processed ahead of
 * time decides when it starts.
 */
class ExplorerEnabledCondition extends RuntimeSettingCondition {

	/** Boot's own OTLP span exporter, which the span pipeline feeds too. */
	private static final String BOOT_OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	@Override
	protected ConditionOutcome outcome(Environment environment) {
		Boolean enabled = environment.getProperty("logfire.explorer.enabled", Boolean.class);
		if (enabled != null) {
			return new ConditionOutcome(enabled, "logfire.explorer.enabled is " + enabled);
		}
		Binder binder = Binder.get(environment);
		try {
			boolean hasToken = !PropertiesLogfireConnectionDetails
				.tokens(binder.bind("logfire.token", String.class).orElse(null))
				.isEmpty();
			if (binder.bind("logfire.send-to-logfire", SendToLogfire.class)
				.orElse(SendToLogfire.IF_TOKEN_PRESENT)
				.sends(hasToken)) {
				return ConditionOutcome.noMatch("spans are sent to Logfire (a token is set)");
			}
		}
		catch (BindException ex) {
			// Reported when LogfireProperties is bound.
			return ConditionOutcome.noMatch("logfire.send-to-logfire is invalid");
		}
		if (StringUtils.hasText(environment.getProperty("logfire.otlp.endpoint"))) {
			return ConditionOutcome.noMatch("spans are sent to logfire.otlp.endpoint");
		}
		if (StringUtils.hasText(environment.getProperty(BOOT_OTLP_ENDPOINT))) {
			return ConditionOutcome.noMatch("spans are sent to " + BOOT_OTLP_ENDPOINT);
		}
		return ConditionOutcome.match("no span leaves the process (no token, no OTLP endpoint)");
	}

}
