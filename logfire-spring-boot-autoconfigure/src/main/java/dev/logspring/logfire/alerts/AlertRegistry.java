package dev.logspring.logfire.alerts;

import java.util.ArrayList;
import java.util.List;

/** The configured alerts, checked, each with its window and state. */
final class AlertRegistry {

	private final List<AlertMonitor> monitors;

	AlertRegistry(LogfireAlertsProperties properties) {
		List<AlertMonitor> monitors = new ArrayList<>();
		properties.getAlerts().forEach((name, alert) -> monitors.add(new AlertMonitor(AlertDefinition.of(name, alert))));
		this.monitors = List.copyOf(monitors);
	}

	List<AlertMonitor> monitors() {
		return this.monitors;
	}

}
