package dev.logspring.logfire.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Logfire's data regions and how the ingest URL is chosen: an explicit base URL, else the
 * region written in the token ({@code pylf_v1_eu_...}), else the configured region, else US.
 */
public final class LogfireRegion {

	private static final Log logger = LogFactory.getLog(LogfireRegion.class);

	private static final Map<String, String> BASE_URLS = Map.of("us", "https://logfire-us.pydantic.dev", "eu",
			"https://logfire-eu.pydantic.dev");

	/** Pydantic's staging regions, which only a token names (as in Logfire's Python SDK). */
	private static final Map<String, String> STAGING_BASE_URLS = Map.of("stagingus", "https://logfire-us.pydantic.info",
			"stagingeu", "https://logfire-eu.pydantic.info");

	private static final Pattern TOKEN_REGION = Pattern.compile("^pylf_v[0-9]+_([a-z]+)_");

	private LogfireRegion() {
	}

	static boolean isKnown(String region) {
		return BASE_URLS.containsKey(region.trim().toLowerCase(Locale.ROOT));
	}

	static List<String> names() {
		return List.of("us", "eu");
	}

	/** The base URL (without a trailing slash) that {@code token} is sent to. */
	public static @Nullable String baseUrlFor(String token, @Nullable String configuredBaseUrl,
			@Nullable String configuredRegion) {
		if (StringUtils.hasText(configuredBaseUrl)) {
			return stripTrailingSlash(configuredBaseUrl.trim());
		}
		Matcher matcher = TOKEN_REGION.matcher(token);
		if (matcher.find()) {
			String region = matcher.group(1);
			String url = BASE_URLS.getOrDefault(region, STAGING_BASE_URLS.get(region));
			if (url != null) {
				return url;
			}
			// Logfire's SDKs used to fall back silently. Never log the token itself: only its region.
			logger.warn("Unknown region '" + region + "' in Logfire token, falling back to the US region. "
					+ "Known regions: " + String.join(", ", names()) + ".");
			return BASE_URLS.get("us");
		}
		if (StringUtils.hasText(configuredRegion)) {
			return BASE_URLS.get(configuredRegion.trim().toLowerCase(Locale.ROOT));
		}
		return BASE_URLS.get("us");
	}

	static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
