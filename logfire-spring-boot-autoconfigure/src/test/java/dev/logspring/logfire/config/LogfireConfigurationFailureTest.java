package dev.logspring.logfire.config;

import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid configuration stops startup with a report naming the property, the bad value and
 * what is accepted, through the analyzer registered in spring.factories.
 */
class LogfireConfigurationFailureTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "logfire.sampling.rate=1.5|logfire.sampling.rate|1.5|0.0 to 1.0",
			"logfire.sampling.rate=-0.1|logfire.sampling.rate|-0.1|0.0 to 1.0",
			"logfire.data-region=mars|logfire.data-region|mars|us, eu",
			"logfire.base-url=not a url|logfire.base-url|not a url|http:// or https://",
			"logfire.otlp.endpoint=ftp://collector|logfire.otlp.endpoint|ftp://collector|http:// or https://",
			"logfire.send-to-logfire=true|logfire.send-to-logfire|true|only with a token",
			"logfire.send-to-logfire=maybe|logfire.send-to-logfire|maybe|if-token-present",
			"logfire.export.batch-size=0|logfire.export.batch-size|0|above 0",
			"logfire.export.max-queue-size=-5|logfire.export.max-queue-size|-5|above 0",
			"logfire.min-level=loud|logfire.min-level|loud|trace, debug, info",
			"logfire.console.min-level=loud|logfire.console.min-level|loud|trace, debug, info",
			"logfire.metrics.export-interval=0s|logfire.metrics.export-interval|PT0S|above 0",
			"logfire.http.server.excluded-urls=(unclosed|logfire.http.server.excluded-urls[0]|(unclosed|regular expression" })
	void invalidValueIsReportedByName(String setting, String property, String value, String accepted) {
		LogfireContextRunners.full()
			.withPropertyValues(setting, "logfire.console.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'" + property + "'").contains("'" + value + "'");
				assertThat(analysis.getAction()).contains(property).contains(accepted);
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		// Our analyzer must be found through spring.factories; others that need more context are skipped.
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, FailureHandler.handleMessage((message, ignored) -> {
			}))) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null && analysis.getDescription().contains("Logfire")) {
				return analysis;
			}
		}
		return null;
	}

}
