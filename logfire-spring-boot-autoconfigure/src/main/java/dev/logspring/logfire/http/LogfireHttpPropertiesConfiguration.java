package dev.logspring.logfire.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code logfire.http.*} for the server and client auto-configurations that import it: the
 * configured excluded URLs compiled once, as one more {@link ExcludedServerUrls}; a pattern that
 * does not compile fails startup, named.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LogfireHttpProperties.class)
public class LogfireHttpPropertiesConfiguration {

	private static final String EXCLUDED_URLS = "logfire.http.server.excluded-urls";

	/** Exclusions add up with other features' and the application's own: this does not back off. */
	@Bean
	ExcludedServerUrls logfireConfiguredExcludedServerUrls(LogfireHttpProperties properties) {
		List<String> regexes = properties.getServer().getExcludedUrls();
		List<Pattern> patterns = new ArrayList<>();
		for (int i = 0; i < regexes.size(); i++) {
			try {
				patterns.add(Pattern.compile(regexes.get(i)));
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidConfigurationPropertyValueException(EXCLUDED_URLS + "[" + i + "]", regexes.get(i),
						"a Java regular expression (" + ex.getDescription() + ")");
			}
		}
		return new ExcludedServerUrls(List.copyOf(patterns));
	}

}
