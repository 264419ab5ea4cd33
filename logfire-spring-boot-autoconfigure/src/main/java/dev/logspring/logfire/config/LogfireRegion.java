package dev.logspring.logfire.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Logfire's data regions and how the ingest URL is chosen: an explicit base URL, else the
 * region written in the token ({@code pylf_v1_eu_...}), else the configured region, else US.
 */
public enum LogfireRegion {

	/** https://logfire-us.pydantic.dev */
	US("https://logfire-us.pydantic.dev"),

	/** https://logfire-eu.pydantic.dev */
	EU("https://logfire-eu.pydantic.dev");

	private static final Log logger = LogFactory.getLog(LogfireRegion.class);

	/** Pydantic's staging regions, which only a token names (as in Logfire's Python SDK). */
	private static final Map<String, String> STAGING_BASE_URLS = Map.of("stagingus", "https://logfire-us.pydantic.info",
			"stagingeu", "https://logfire-eu.pydantic.info");

	private static final Pattern TOKEN_REGION = Pattern.compile("^pylf_v[0-9]+_([a-z]+)_");

	private final String baseUrl;

	LogfireRegion(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** The base URL of this region's ingest, without a trailing slash. */
	public String baseUrl() {
		return this.baseUrl;
	}

	/** The base URL (without a trailing slash) that {@code token} is sent to. */
	public static String baseUrlFor(String token, @Nullable String configuredBaseUrl,
			@Nullable LogfireRegion configuredRegion) {
		if (StringUtils.hasText(configuredBaseUrl)) {
			return stripTrailingSlash(configuredBaseUrl.trim());
		}
		Matcher matcher = TOKEN_REGION.matcher(token);
		if (matcher.find()) {
			String region = matcher.group(1);
			String url = Arrays.stream(values())
				.filter((known) -> known.name().toLowerCase(Locale.ROOT).equals(region))
				.map(LogfireRegion::baseUrl)
				.findFirst()
				.orElse(STAGING_BASE_URLS.get(region));
			if (url != null) {
				return url;
			}
			// Logfire's SDKs used to fall back silently. Never log the token itself: only its region.
			logger.warn("Unknown region '" + region + "' in Logfire token, falling back to the US region. "
					+ "Known regions: " + names() + ".");
			return US.baseUrl;
		}
		return (configuredRegion != null) ? configuredRegion.baseUrl : US.baseUrl;
	}

	private static String names() {
		return Arrays.stream(values()).map((region) -> region.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(", "));
	}

	static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
