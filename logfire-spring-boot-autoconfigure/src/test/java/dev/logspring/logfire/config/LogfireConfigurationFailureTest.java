package dev.logspring.logfire.config;

import dev.logspring.logfire.testsupport.FailureAnalyses;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

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
			"logfire.logging.min-level=loud|logfire.logging.min-level|loud|trace, debug, info",
			"logfire.metrics.export-interval=0s|logfire.metrics.export-interval|PT0S|above 0",
			"logfire.explorer.path=logfire|logfire.explorer.path|logfire|starts with /",
			"logfire.explorer.retention.max-spans=0|logfire.explorer.retention.max-spans|0|above 0",
			"logfire.explorer.retention.max-size=1MB|logfire.explorer.retention.max-size|1048576B|at least 32MB",
			"logfire.explorer.query.max-rows=-1|logfire.explorer.query.max-rows|-1|above 0",
			"logfire.explorer.query.timeout=0s|logfire.explorer.query.timeout|PT0S|above 0",
			"logfire.llm.max-content-length=0|logfire.llm.max-content-length|0|above 0",
			"logfire.llm.semconv-versions=2|logfire.llm.semconv-versions|2|or both",
			"logfire.llm.prices.gpt-4o.input-per-million=-1|logfire.llm.prices.gpt-4o.input-per-million|-1|0 or more",
			"logfire.http.server.excluded-urls=(unclosed|logfire.http.server.excluded-urls[0]|(unclosed|regular expression",
			"logfire.max-event-size=10|logfire.max-event-size|10|at least 64",
			"logfire.limits.max-events=0|logfire.limits.max-events|0|above 0",
			"logfire.limits.max-array-length=1|logfire.limits.max-array-length|1|at least 2",
			"logfire.sampling.tail.background-rate=1.5|logfire.sampling.tail.background-rate|1.5|0.0 to 1.0",
			"logfire.sampling.tail.level-threshold=loud|logfire.sampling.tail.level-threshold|loud|trace, debug, info",
			"logfire.sampling.tail.trace-timeout=0s|logfire.sampling.tail.trace-timeout|PT0S|above 0",
			"logfire.scrubbing.extra-patterns[0]=(api|logfire.scrubbing.extra-patterns[0]|(api|Java regular expression",
			"logfire.scrubbing.extra-patterns=sk-[a-z]{3,}|logfire.scrubbing.extra-patterns[0]|sk-[a-z]{3|a comma splits" })
	void invalidValueIsReportedByName(String setting, String property, String value, String accepted) {
		LogfireContextRunners.full()
			.withPropertyValues(setting, "logfire.console.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.logfire(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'" + property + "'").contains("'" + value + "'");
				assertThat(analysis.getAction()).contains(property).contains(accepted);
			});
	}

}
