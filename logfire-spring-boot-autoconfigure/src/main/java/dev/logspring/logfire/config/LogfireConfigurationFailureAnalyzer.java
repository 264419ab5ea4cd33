package dev.logspring.logfire.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.config.LogfireProperties.SendToLogfire;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns an invalid {@code logfire.*} value into a startup report that names the property, the
 * value, where it was set and what is accepted. Covers Boot's
 * {@link InvalidConfigurationPropertyValueException} thrown by the starter and a level,
 * {@code send-to-logfire} or region value that does not bind; ahead of Boot's analyzers, which
 * say "Review the value of the property" and would list those enums in upper case.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class LogfireConfigurationFailureAnalyzer implements FailureAnalyzer {

	/**
	 * Settings documented in lower case ({@code warn}, {@code if-token-present}, {@code eu}), which
	 * Boot's report would list in upper case; other enums keep Boot's report.
	 */
	private static final Set<Class<?>> LOWER_CASE_ENUMS = Set.of(Level.class, SendToLogfire.class,
			LogfireRegion.class);

	private final @Nullable ConfigurableEnvironment environment;

	LogfireConfigurationFailureAnalyzer(Environment environment) {
		this.environment = (environment instanceof ConfigurableEnvironment configurable) ? configurable : null;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		InvalidConfigurationPropertyValueException invalid = findCause(failure,
				InvalidConfigurationPropertyValueException.class);
		if (invalid != null && isOurs(invalid.getName())) {
			return analysis(invalid.getName(), String.valueOf(invalid.getValue()), origin(invalid.getName()),
					invalid.getReason(), invalid);
		}
		BindException bind = findCause(failure, BindException.class);
		ConversionFailedException conversion = findCause(failure, ConversionFailedException.class);
		if (bind != null && bind.getProperty() != null && conversion != null
				&& LOWER_CASE_ENUMS.contains(conversion.getTargetType().getType())) {
			ConfigurationProperty property = bind.getProperty();
			return analysis(property.getName().toString(), String.valueOf(property.getValue()), property.getOrigin(),
					"one of " + lowerCaseNames(conversion.getTargetType().getType()), bind);
		}
		return null;
	}

	private static FailureAnalysis analysis(String property, String value, @Nullable Origin origin, String accepted,
			Throwable cause) {
		String from = (origin != null) ? " (originating from '" + origin + "')" : "";
		String description = "Logfire could not start: the property '" + property + "' has the value '" + value + "'"
				+ from + ", which is not valid.";
		String action = "Set '" + property + "' to " + accepted
				+ " (in application.yml, or through its environment variable).";
		return new FailureAnalysis(description, action, cause);
	}

	private static boolean isOurs(String property) {
		// The e-mail channel's SMTP server is Boot's own setting.
		return property.startsWith("logfire.") || property.equals("spring.mail.host");
	}

	private @Nullable Origin origin(String property) {
		if (this.environment == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(ConfigurationPropertyName.adapt(property, '.'));
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

	private static String lowerCaseNames(Class<?> enumType) {
		return Arrays.stream(enumType.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
	}

	private static <E extends Throwable> @Nullable E findCause(Throwable failure, Class<E> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

}
