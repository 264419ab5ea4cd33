package dev.logspring.logfire.api;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the dashboard's alert panel shows. Any bean implementing it (the alerts feature, or an
 * application's own) is listed there; without one the panel says that no alerts are configured.
 */
@FunctionalInterface
public interface ExplorerAlertSource {

	List<AlertState> alertStates();

	/**
	 * One alert as the dashboard shows it.
	 * @param name the alert's name, e.g. high_error_rate
	 * @param state ok, pending, firing or unknown
	 * @param detail what is measured against what, e.g. "error_rate 0.08 > 0.05 over 60s"
	 * @param since when the alert entered its state, or null
	 */
	record AlertState(String name, String state, String detail, @Nullable Instant since) {
	}

}
