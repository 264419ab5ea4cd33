package dev.logspring.logfire.testsupport;

import org.springframework.boot.SpringBootVersion;
import org.springframework.util.ClassUtils;

/**
 * Which Spring Boot and OpenTelemetry SDK line the suite runs on (the build's boot-4.0 or
 * boot-4.1 profile), for the few behaviours that differ between them.
 */
public final class SdkLine {

	private SdkLine() {
	}

	/**
	 * Whether our own sender posts (SDK 1.59 and later, with a public sender SPI): exports then
	 * report the backend's status and {@code Retry-After}; on SDK 1.55 the SDK's sender posts.
	 */
	public static boolean reportsHttpStatus() {
		return ClassUtils.isPresent("io.opentelemetry.sdk.common.export.HttpSenderProvider", null);
	}

	/** Spring Boot 4.1 or later: OTEL_* variables mapped by Boot, Boot's SpanLimits bean. */
	public static boolean isBoot41OrLater() {
		String version = SpringBootVersion.getVersion();
		return version != null && !version.startsWith("4.0.");
	}

}
