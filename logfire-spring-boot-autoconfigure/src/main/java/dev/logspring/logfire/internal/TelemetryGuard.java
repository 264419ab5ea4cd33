package dev.logspring.logfire.internal;

/**
 * Marks a thread as running the starter's own telemetry code (exporting, printing, emitting a
 * log). A log written on such a thread is never turned into telemetry again: without this, a
 * logging exporter or a log emitted while exporting would feed itself forever.
 */
public final class TelemetryGuard {

	private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

	private static final Handle NOOP = () -> {
	};

	/** Made once: a method reference per call would allocate on every log. */
	private static final Handle LEAVE = ACTIVE::remove;

	private TelemetryGuard() {
	}

	/** Whether the current thread is running the starter's own telemetry code. */
	public static boolean isActive() {
		return ACTIVE.get() != null;
	}

	/** Marks the current thread for its whole life (the starter's worker threads). */
	public static void markCurrentThread() {
		ACTIVE.set(Boolean.TRUE);
	}

	/** Marks the current thread until the handle is closed; nested calls are cheap no-ops. */
	public static Handle enter() {
		if (ACTIVE.get() != null) {
			return NOOP;
		}
		ACTIVE.set(Boolean.TRUE);
		return LEAVE;
	}

	/** Ends a guarded section; never throws. */
	@FunctionalInterface
	public interface Handle extends AutoCloseable {

		@Override
		void close();

	}

}
