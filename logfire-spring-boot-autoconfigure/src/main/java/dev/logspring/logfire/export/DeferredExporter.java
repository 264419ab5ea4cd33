package dev.logspring.logfire.export;

import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.sdk.common.CompletableResultCode;
import org.jspecify.annotations.Nullable;

/**
 * An OTLP exporter built by its first export, on the thread that exports, rather than with the
 * beans: the SDK's exporter builder creates a TLS context, which loads the JDK's trust store,
 * a noticeable share of a cold JVM's startup (figures in docs/benchmarks.md). Settings are
 * still checked at startup (the builder validates them as they are set). A build that fails
 * fails that export, and the next export tries again.
 */
final class DeferredExporter<T> {

	private final Supplier<T> build;

	private @Nullable T exporter;

	private boolean closed;

	DeferredExporter(Supplier<T> build) {
		this.build = build;
	}

	/** The exporter, built now if this is its first use. */
	synchronized T get() {
		if (this.exporter == null) {
			if (this.closed) {
				throw new IllegalStateException("The exporter is shut down");
			}
			this.exporter = this.build.get();
		}
		return this.exporter;
	}

	/** Flushes the exporter if it was built; nothing to flush otherwise. */
	CompletableResultCode flush(Function<T, CompletableResultCode> flush) {
		T exporter = built();
		return (exporter != null) ? flush.apply(exporter) : CompletableResultCode.ofSuccess();
	}

	/** Refuses to build from now on, and shuts the exporter down if it was built. */
	CompletableResultCode shutdown(Function<T, CompletableResultCode> shutdown) {
		T exporter;
		synchronized (this) {
			this.closed = true;
			exporter = this.exporter;
		}
		return (exporter != null) ? shutdown.apply(exporter) : CompletableResultCode.ofSuccess();
	}

	boolean isBuilt() {
		return built() != null;
	}

	private synchronized @Nullable T built() {
		return this.exporter;
	}

}
