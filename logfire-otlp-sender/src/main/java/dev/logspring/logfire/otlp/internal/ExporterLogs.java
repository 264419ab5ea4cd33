package dev.logspring.logfire.otlp.internal;

import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps the SDK's exporter from logging our failed exports: it logs every one (up to five times
 * a minute), while the starter reports them itself at most once a minute per destination. Only
 * records written on a thread that is exporting for us are dropped: other exporters in the
 * application keep their logging.
 */
public final class ExporterLogs {

	/**
	 * The logger the SDK's HTTP exporter writes to (a name, not a type: the class is internal).
	 * Held strongly: the logging framework keeps loggers weakly and would lose the filter.
	 */
	private static final Logger EXPORTER_LOGGER = Logger
		.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter");

	private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

	static {
		Filter previous = EXPORTER_LOGGER.getFilter();
		EXPORTER_LOGGER.setFilter((record) -> QUIET.get() == null && (previous == null || previous.isLoggable(record)));
	}

	private ExporterLogs() {
	}

	/** Runs {@code action} with the exporter's log records on this thread dropped. */
	public static void quietly(Runnable action) {
		Boolean outer = QUIET.get();
		QUIET.set(Boolean.TRUE);
		try {
			action.run();
		}
		finally {
			if (outer == null) {
				QUIET.remove();
			}
		}
	}

}
