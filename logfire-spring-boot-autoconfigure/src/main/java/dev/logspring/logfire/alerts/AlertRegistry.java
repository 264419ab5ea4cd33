package dev.logspring.logfire.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The configured alerts, checked, each with its window and state. */
final class AlertRegistry {

	private final List<AlertMonitor> monitors;

	AlertRegistry(Map<String, LogfireAlertsProperties.Alert> alerts) {
		List<AlertMonitor> monitors = new ArrayList<>();
		alerts.forEach((name, alert) -> monitors.add(new AlertMonitor(AlertDefinition.of(name, alert))));
		this.monitors = List.copyOf(monitors);
	}

	List<AlertMonitor> monitors() {
		return this.monitors;
	}

}
