package dev.logspring.logfire.testsupport;

import org.springframework.util.ClassUtils;

/**
 * Which OpenTelemetry SDK line the suite runs on (the build's boot-4.0 or boot-4.1 profile),
 * for the behaviour that differs between them.
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

}
