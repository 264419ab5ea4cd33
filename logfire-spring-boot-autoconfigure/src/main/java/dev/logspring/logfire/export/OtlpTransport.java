package dev.logspring.logfire.export;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.logspring.logfire.otlp.internal.ExporterLogs;
import dev.logspring.logfire.otlp.internal.OtlpHttpSenders;
import io.opentelemetry.common.ComponentLoader;

import org.springframework.util.ClassUtils;

/**
 * The one place that depends on the OpenTelemetry SDK line the application runs. From SDK 1.59
 * (Spring Boot 4.1 manages 1.62) the SDK has a public sender SPI, through which our exporters post
 * with our own sender: one attempt per export on the exporting thread, the answer's status and
 * {@code Retry-After} reported to the retry policy. SDK 1.55 (Spring Boot 4.0) has no public way
 * to plug a sender in, so there the SDK's own JDK sender makes the single attempt, on threads
 * whose exporter log records are dropped (failures are reported by the consumer instead); it
 * does not tell which error status the backend answered, nor its {@code Retry-After}.
 */
final class OtlpTransport {

	/** Whether exports report their HTTP status and {@code Retry-After} (SDK 1.59 and later). */
	static final boolean REPORTS_STATUS = ClassUtils.isPresent("io.opentelemetry.sdk.common.export.HttpSenderProvider",
			OtlpTransport.class.getClassLoader());

	private OtlpTransport() {
	}

	/** Where exporter builders find their sender. */
	static ComponentLoader componentLoader() {
		return REPORTS_STATUS ? OtlpHttpSenders.componentLoader()
				: ComponentLoader.forClassLoader(OtlpTransport.class.getClassLoader());
	}

	/**
	 * The threads the SDK's sender posts on where ours cannot be plugged in; none where it can
	 * (ours posts on the exporting thread).
	 */
	static Optional<ExecutorService> senderExecutor() {
		return REPORTS_STATUS ? Optional.empty() : Optional.of(SdkSenderThreads.EXECUTOR);
	}

	/** Created on first use, on SDK 1.55 only. */
	private static final class SdkSenderThreads {

		private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(new QuietThreads());

	}

	private static final class QuietThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(() -> ExporterLogs.quietly(task), "logfire-otlp-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
