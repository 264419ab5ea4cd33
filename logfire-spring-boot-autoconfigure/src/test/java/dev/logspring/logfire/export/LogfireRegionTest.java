package dev.logspring.logfire.export;

import dev.logspring.logfire.config.LogfireRegion;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class LogfireRegionTest {

	@Test
	void regionComesFromTheTokenFirst() {
		assertThat(LogfireRegion.baseUrlFor("pylf_v1_eu_abc", null, LogfireRegion.US)).isEqualTo("https://logfire-eu.pydantic.dev");
		assertThat(LogfireRegion.baseUrlFor("pylf_v2_us_abc", null, LogfireRegion.EU)).isEqualTo("https://logfire-us.pydantic.dev");
	}

	@Test
	void configuredRegionAppliesToTokensWithoutOne() {
		assertThat(LogfireRegion.baseUrlFor("legacy-token", null, LogfireRegion.EU)).isEqualTo("https://logfire-eu.pydantic.dev");
		assertThat(LogfireRegion.baseUrlFor("legacy-token", null, null)).isEqualTo("https://logfire-us.pydantic.dev");
	}

	@Test
	void unknownTokenRegionFallsBackToUs() {
		assertThat(LogfireRegion.baseUrlFor("pylf_v1_mars_abc", null, null))
			.isEqualTo("https://logfire-us.pydantic.dev");
	}

	@Test
	void unknownTokenRegionIsAWarningAtStartupThatNamesTheRegionNotTheToken(CapturedOutput output) {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.token=pylf_v1_mars_secretpart")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut() + output.getErr())
			.contains("Unknown region 'mars' in Logfire token, falling back to the US region. Known regions: us, eu.")
			.doesNotContain("secretpart");
	}

	@Test
	void stagingRegionsOfTheTokenAreKnown() {
		assertThat(LogfireRegion.baseUrlFor("pylf_v1_stagingeu_abc", null, null))
			.isEqualTo("https://logfire-eu.pydantic.info");
	}

	@Test
	void explicitBaseUrlOverridesEverything() {
		assertThat(LogfireRegion.baseUrlFor("pylf_v1_eu_abc", "http://localhost:4318/", LogfireRegion.US))
			.isEqualTo("http://localhost:4318");
	}

}
