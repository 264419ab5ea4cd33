package dev.logspring.logfire.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.instrumentation.runtimemetrics.java8.RuntimeMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Registers the JVM and process metrics on a thread of its own once the context has started:
 * building them loads some 150 classes and reads the JVM's management beans, which need not hold
 * up the application's startup, since nothing reads them before the first collection. Stopping
 * waits for the registration, so that the meter provider's last collection, when it closes after
 * every lifecycle bean stopped, reads them. They are never closed: they end with the provider.
 */
final class RuntimeMetricsRegistration implements SmartLifecycle {

	private static final Duration MAX_WAIT_AT_STOP = Duration.ofSeconds(5);

	private final Supplier<RuntimeMetrics> metrics;

	/** Made once: a restarted lifecycle must not register every instrument again. */
	private volatile @Nullable Thread registration;

	private volatile boolean running;

	RuntimeMetricsRegistration(Supplier<RuntimeMetrics> metrics) {
		this.metrics = metrics;
	}

	@Override
	public void start() {
		if (this.registration == null) {
			Thread thread = new Thread(this::register, "logfire-runtime-metrics");
			thread.setDaemon(true);
			this.registration = thread;
			thread.start();
		}
		this.running = true;
	}

	private void register() {
		try {
			this.metrics.get();
		}
		catch (RuntimeException | LinkageError ex) {
			TelemetryErrors.report("registering JVM metrics", ex);
		}
	}

	@Override
	public void stop() {
		Thread thread = this.registration;
		if (thread != null) {
			try {
				thread.join(MAX_WAIT_AT_STOP.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
