package dev.logspring.logfire.llm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * LLM call observability under {@code logfire.llm.*}: Spring AI calls and OpenAI-compatible
 * HTTP calls made through {@code RestClient}.
 */
@ConfigurationProperties("logfire.llm")
public class LogfireLlmProperties {

	/** The GenAI semantic conventions' current shape. */
	public static final String LATEST = "latest";

	/** The older shape: request_data and response_data. */
	public static final String VERSION_1 = "1";

	/** Whether calls to language models are recorded as LLM spans with token and cost metrics. */
	private boolean enabled = true;

	/**
	 * Whether prompts and completions are recorded in request_data and response_data (as
	 * Logfire does). Off keeps the model, parameters, usage and cost only. Recorded content is
	 * scrubbed like every other attribute.
	 */
	private boolean recordContent = true;

	/** Longest text kept for one message of a prompt or completion; longer texts are cut. */
	private int maxContentLength = 10_000;

	/**
	 * Shapes of LLM spans, as Logfire's 'version' option: 'latest' records OpenTelemetry's GenAI
	 * conventions (gen_ai.input.messages, gen_ai.output.messages, gen_ai.system_instructions),
	 * Logfire 5's default; '1' records the older request_data and response_data. Both may be
	 * listed.
	 */
	private List<String> semconvVersions = new ArrayList<>(List.of(LATEST));

	/**
	 * Prices in USD per million tokens, by model name, added to or overriding the built-in table.
	 * A model matches its exact name, else the longest name it starts with followed by '-'
	 * (gpt-4o-2024-08-06 matches gpt-4o). Names with dots need brackets in YAML: '[gpt-4.1]'.
	 */
	private Map<String, Price> prices = new LinkedHashMap<>();

	/** What a model costs, in USD per million tokens. */
	public static class Price {

		/** USD per million input (prompt) tokens. */
		private @Nullable BigDecimal inputPerMillion;

		/** USD per million output (completion) tokens. */
		private @Nullable BigDecimal outputPerMillion;

		public @Nullable BigDecimal getInputPerMillion() {
			return this.inputPerMillion;
		}

		public void setInputPerMillion(@Nullable BigDecimal inputPerMillion) {
			this.inputPerMillion = inputPerMillion;
		}

		public @Nullable BigDecimal getOutputPerMillion() {
			return this.outputPerMillion;
		}

		public void setOutputPerMillion(@Nullable BigDecimal outputPerMillion) {
			this.outputPerMillion = outputPerMillion;
		}

	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRecordContent() {
		return this.recordContent;
	}

	public void setRecordContent(boolean recordContent) {
		this.recordContent = recordContent;
	}

	public int getMaxContentLength() {
		return this.maxContentLength;
	}

	public void setMaxContentLength(int maxContentLength) {
		this.maxContentLength = maxContentLength;
	}

	public List<String> getSemconvVersions() {
		return this.semconvVersions;
	}

	public void setSemconvVersions(List<String> semconvVersions) {
		this.semconvVersions = semconvVersions;
	}

	public Map<String, Price> getPrices() {
		return this.prices;
	}

	public void setPrices(Map<String, Price> prices) {
		this.prices = prices;
	}

}
