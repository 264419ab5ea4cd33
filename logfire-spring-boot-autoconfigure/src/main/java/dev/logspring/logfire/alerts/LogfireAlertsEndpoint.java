package dev.logspring.logfire.alerts;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/logfirealerts}: every alert with its current value, state and last
 * notification; {@code /actuator/logfirealerts/{name}} for one.
 */
@Endpoint(id = "logfirealerts")
public class LogfireAlertsEndpoint {

	private final AlertEvaluator evaluator;

	LogfireAlertsEndpoint(AlertEvaluator evaluator) {
		this.evaluator = evaluator;
	}

	@ReadOperation
	public Alerts alerts() {
		return new Alerts(this.evaluator.statuses());
	}

	@ReadOperation
	public @Nullable AlertStatus alert(@Selector String name) {
		return this.evaluator.statuses().stream().filter((status) -> status.name().equals(name)).findFirst().orElse(null);
	}

	/** The endpoint's document. */
	public record Alerts(List<AlertStatus> alerts) {
	}

}
