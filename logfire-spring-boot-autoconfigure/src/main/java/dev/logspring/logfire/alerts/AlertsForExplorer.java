package dev.logspring.logfire.alerts;

import java.util.List;

import dev.logspring.logfire.api.ExplorerAlertSource;

/**
 * Shows the configured alerts in the local explorer's dashboard.
 */
final class AlertsForExplorer implements ExplorerAlertSource {

	private final AlertRegistry registry;

	AlertsForExplorer(AlertRegistry registry) {
		this.registry = registry;
	}

	@Override
	public List<AlertState> alertStates() {
		return this.registry.monitors().stream().map(AlertMonitor::status).map((status) -> new AlertState(
				status.name(), status.state(), status.rule() + " — now " + status.valueText(), status.stateSince()))
			.toList();
	}

}
