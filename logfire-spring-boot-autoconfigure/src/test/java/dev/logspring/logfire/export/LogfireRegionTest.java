package dev.logspring.logfire.export;

import dev.logspring.logfire.config.LogfireRegion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogfireRegionTest {

	@Test
	void regionComesFromTheTokenFirst() {
		assertThat(LogfireRegion.baseUrlFor("pylf_v1_eu_abc", null, "us")).isEqualTo("https://logfire-eu.pydantic.dev");
		assertThat(LogfireRegion.baseUrlFor("pylf_v2_us_abc", null, "eu")).isEqualTo("https://logfire-us.pydantic.dev");
	}

	@Test
	void configuredRegionAppliesToTokensWithoutOne() {
		assertThat(LogfireRegion.baseUrlFor("legacy-token", null, "eu")).isEqualTo("https://logfire-eu.pydantic.dev");
		assertThat(LogfireRegion.baseUrlFor("legacy-token", null, null)).isEqualTo("https://logfire-us.pydantic.dev");
	}

	@Test
	void unknownTokenRegionFallsBackToUs() {
		assertThat(LogfireRegion.baseUrlFor("pylf_v1_mars_abc", null, null))
			.isEqualTo("https://logfire-us.pydantic.dev");
	}

	@Test
	void explicitBaseUrlOverridesEverything() {
		assertThat(LogfireRegion.baseUrlFor("pylf_v1_eu_abc", "http://localhost:4318/", "us"))
			.isEqualTo("http://localhost:4318");
	}

}
