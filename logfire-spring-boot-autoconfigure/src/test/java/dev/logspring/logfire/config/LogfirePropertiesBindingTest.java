package dev.logspring.logfire.config;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.console.LogfireConsoleProperties;
import dev.logspring.logfire.logging.LogfireLoggingProperties;
import dev.logspring.logfire.testsupport.FailureAnalyses;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Levels, send-to-logfire and the region bind as enums, in every spelling users write; a value
 * that does not bind stops startup with a report naming the property and where it was set.
 */
class LogfirePropertiesBindingTest {

	@ParameterizedTest
	@CsvSource({ "info,INFO", "INFO,INFO", "warn,WARN", "warning,WARN", "Warning,WARN", "fatal,FATAL" })
	void everyLevelSettingTakesTheSpellingsUsersWrite(String value, Level expected) {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.console.enabled=true", "logfire.min-level=" + value,
					"logfire.console.min-level=" + value, "logfire.logging.min-level=" + value,
					"logfire.sampling.tail.level-threshold=" + value)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				LogfireProperties properties = context.getBean(LogfireProperties.class);
				assertThat(properties.getMinLevel()).isEqualTo(expected);
				assertThat(properties.getSampling().getTail().getLevelThreshold()).isEqualTo(expected);
				assertThat(context.getBean(LogfireConsoleProperties.class).getMinLevel()).isEqualTo(expected);
				assertThat(context.getBean(LogfireLoggingProperties.class).getMinLevel()).isEqualTo(expected);
			});
	}

	@ParameterizedTest
	@CsvSource({ "true,TRUE", "false,FALSE", "if-token-present,IF_TOKEN_PRESENT", "IF_TOKEN_PRESENT,IF_TOKEN_PRESENT" })
	void sendToLogfireTakesItsValues(String value, LogfireProperties.SendToLogfire expected) {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.send-to-logfire=" + value, "logfire.token=pylf_v1_us_abc0123456789",
					"logfire.base-url=http://127.0.0.1:9")
			.run((context) -> assertThat(context.getBean(LogfireProperties.class).getSendToLogfire())
				.isEqualTo(expected));
	}

	@Test
	void regionBindsInEitherCase() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.data-region=EU")
			.run((context) -> assertThat(context.getBean(LogfireProperties.class).getDataRegion())
				.isEqualTo(LogfireRegion.EU));
	}

	@Test
	void anInvalidEnumValueIsReportedWithItsOrigin() {
		LogfireContextRunners.full().withPropertyValues("logfire.data-region=mars").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureAnalyses.any(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'logfire.data-region'", "'mars'")
				.contains("originating from '\"logfire.data-region\" from property source");
			assertThat(analysis.getAction()).contains("logfire.data-region", "one of us, eu");
		});
	}

	@Test
	void anInvalidDurationIsReportedByBootWithItsOrigin() {
		LogfireContextRunners.full().withPropertyValues("logfire.export.timeout=soon").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureAnalyses.any(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: logfire.export.timeout", "Value: \"soon\"",
					"Origin: \"logfire.export.timeout\" from property source", "java.time.Duration");
		});
	}

}
