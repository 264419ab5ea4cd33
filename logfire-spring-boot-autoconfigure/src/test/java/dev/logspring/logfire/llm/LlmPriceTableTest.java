package dev.logspring.logfire.llm;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The price table: built-in list prices, dated and prefixed model names, user overrides.
 */
class LlmPriceTableTest {

	private final LlmPriceTable defaults = LlmPriceTable.withDefaults(Map.of());

	@Test
	void everyBuiltInEntryIsFoundByItsOwnName() throws Exception {
		Properties file = new Properties();
		try (InputStream in = LlmPriceTable.class.getResourceAsStream(LlmPriceTable.DEFAULTS)) {
			file.load(in);
		}
		assertThat(file).isNotEmpty();
		file.forEach((model, prices) -> {
			String[] parts = prices.toString().split(",");
			LlmPriceTable.Price price = this.defaults.find(model.toString());
			assertThat(price.inputPerMillion()).isEqualByComparingTo(parts[0].trim());
			assertThat(price.outputPerMillion()).isEqualByComparingTo(parts[1].trim());
		});
	}

	@Test
	void datedAndSuffixedModelsMatchTheLongestKnownName() {
		assertThat(this.defaults.find("gpt-4o-2024-08-06")).isEqualTo(this.defaults.find("gpt-4o"));
		assertThat(this.defaults.find("gpt-4o-mini-2024-07-18")).isEqualTo(this.defaults.find("gpt-4o-mini"));
		assertThat(this.defaults.find("gpt-4o-mini")).isNotEqualTo(this.defaults.find("gpt-4o"));
		assertThat(this.defaults.find("claude-sonnet-4-20250514")).isEqualTo(this.defaults.find("claude-sonnet-4"));
		assertThat(this.defaults.find("openai/GPT-4o")).isEqualTo(this.defaults.find("gpt-4o"));
		assertThat(this.defaults.find("llama3.2")).isNull();
		assertThat(this.defaults.find("gpt-4ox")).isNull();
		assertThat(this.defaults.cost("llama3.2", 100, 100)).isNull();
	}

	@Test
	void costIsTokensTimesPricePerMillion() {
		assertThat(this.defaults.cost("gpt-4o", 1_000_000, 0)).isCloseTo(2.50, within(1e-12));
		assertThat(this.defaults.cost("gpt-4o", 1000, 500)).isCloseTo(0.0025 + 0.005, within(1e-12));
	}

	@Test
	void userPricesAddModelsAndOverrideOneSide() {
		LogfireLlmProperties.Price local = new LogfireLlmProperties.Price();
		local.setInputPerMillion(BigDecimal.ZERO);
		local.setOutputPerMillion(BigDecimal.ZERO);
		LogfireLlmProperties.Price discounted = new LogfireLlmProperties.Price();
		discounted.setInputPerMillion(new BigDecimal("1.25"));
		LlmPriceTable table = LlmPriceTable.withDefaults(Map.of("llama3.2", local, "gpt-4o", discounted));
		assertThat(table.cost("llama3.2:latest", 500, 500)).isZero();
		assertThat(table.find("gpt-4o").inputPerMillion()).isEqualByComparingTo("1.25");
		assertThat(table.find("gpt-4o").outputPerMillion()).isEqualByComparingTo(this.defaults.find("gpt-4o").outputPerMillion());
	}

}
