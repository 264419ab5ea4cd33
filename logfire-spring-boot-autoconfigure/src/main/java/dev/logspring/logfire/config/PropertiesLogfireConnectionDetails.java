package dev.logspring.logfire.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.logspring.logfire.config.LogfireProperties.SendToLogfire;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * {@link LogfireConnectionDetails} from {@code logfire.token}, {@code logfire.send-to-logfire},
 * {@code logfire.base-url}, {@code logfire.data-region} and {@code logfire.otlp.*}; fails on a
 * value it cannot use.
 */
public final class PropertiesLogfireConnectionDetails implements LogfireConnectionDetails {

	private final List<Endpoint> logfire;

	private final @Nullable Endpoint otlp;

	public PropertiesLogfireConnectionDetails(LogfireProperties properties) {
		String baseUrl = properties.getBaseUrl();
		if (StringUtils.hasText(baseUrl)) {
			requireHttpUrl("logfire.base-url", baseUrl);
		}
		List<String> tokens = tokens(properties.getToken());
		if (properties.getSendToLogfire() == SendToLogfire.TRUE && tokens.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("logfire.send-to-logfire", "true",
					"true only with a token: set logfire.token (LOGFIRE_TOKEN), or use if-token-present or false");
		}
		this.logfire = properties.getSendToLogfire().sends(!tokens.isEmpty()) ? tokens.stream()
			.map((token) -> Endpoint.logfire(LogfireRegion.baseUrlFor(token, baseUrl, properties.getDataRegion()),
					token))
			.toList() : List.of();
		String endpoint = properties.getOtlp().getEndpoint();
		if (StringUtils.hasText(endpoint)) {
			requireHttpUrl("logfire.otlp.endpoint", endpoint);
			this.otlp = new Endpoint(endpoint, properties.getOtlp().getHeaders());
		}
		else {
			this.otlp = null;
		}
	}

	@Override
	public List<Endpoint> logfire() {
		return this.logfire;
	}

	@Override
	public @Nullable Endpoint otlp() {
		return this.otlp;
	}

	/** The tokens of {@code logfire.token} (a comma-separated list), trimmed, empty entries dropped. */
	public static List<String> tokens(@Nullable String token) {
		if (!StringUtils.hasText(token)) {
			return List.of();
		}
		return Arrays.stream(token.split(",")).map(String::trim).filter(StringUtils::hasText).toList();
	}

	private static void requireHttpUrl(String property, String value) {
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return;
			}
		}
		catch (Exception ex) {
			// reported below
		}
		throw new InvalidConfigurationPropertyValueException(property, value, "an absolute http:// or https:// URL");
	}

}
