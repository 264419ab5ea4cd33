package dev.logspring.logfire.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Reads the {@code k1=v1,k2=v2} lists of OpenTelemetry's environment variables
 * ({@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_EXPORTER_OTLP_HEADERS}): keys and values
 * trimmed, values URL-decoded, entries without a key skipped.
 */
public final class KeyValueList {

	private KeyValueList() {
	}

	/** The entries of {@code list} in their order; empty for null. */
	public static Map<String, String> parse(@Nullable String list) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (String pair : StringUtils.commaDelimitedListToStringArray(list)) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				entries.put(pair.substring(0, equals).trim(),
						URLDecoder.decode(pair.substring(equals + 1).trim(), StandardCharsets.UTF_8));
			}
		}
		return entries;
	}

}
