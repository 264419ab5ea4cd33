package dev.logspring.logfire.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * Prices of models in USD per million tokens: the built-in table
 * ({@code llm-prices.properties}) overridden and extended by {@code logfire.llm.prices.*}.
 */
public final class LlmPriceTable {

	/** The built-in prices, next to this class. */
	public static final String DEFAULTS = "llm-prices.properties";

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	private final Map<String, Price> prices;

	private LlmPriceTable(Map<String, Price> prices) {
		this.prices = Map.copyOf(prices);
	}

	/** What a model costs per million input and output tokens. */
	public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

		double cost(long inputTokens, long outputTokens) {
			return this.inputPerMillion.multiply(BigDecimal.valueOf(inputTokens))
				.add(this.outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)))
				.divide(MILLION)
				.doubleValue();
		}

	}

	/** The built-in prices with {@code overrides} applied (a missing side keeps the built-in value). */
	public static LlmPriceTable withDefaults(Map<String, LogfireLlmProperties.Price> overrides) {
		Map<String, Price> prices = loadDefaults();
		overrides.forEach((model, price) -> {
			String key = normalize(model);
			Price base = prices.getOrDefault(key, new Price(BigDecimal.ZERO, BigDecimal.ZERO));
			prices.put(key, new Price(
					(price.getInputPerMillion() != null) ? price.getInputPerMillion() : base.inputPerMillion(),
					(price.getOutputPerMillion() != null) ? price.getOutputPerMillion() : base.outputPerMillion()));
		});
		return new LlmPriceTable(prices);
	}

	private static Map<String, Price> loadDefaults() {
		Properties properties = new Properties();
		try (InputStream in = LlmPriceTable.class.getResourceAsStream(DEFAULTS)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, Price> prices = new HashMap<>();
		properties.forEach((model, value) -> {
			String[] parts = value.toString().split(",");
			prices.put(normalize(model.toString()),
					new Price(new BigDecimal(parts[0].trim()), new BigDecimal(parts[1].trim())));
		});
		return prices;
	}

	/**
	 * The price of {@code model}: its exact entry, else the longest entry that it starts with
	 * followed by '-' (dated or suffixed variants such as {@code gpt-4o-2024-08-06}); null when
	 * unknown. A provider prefix ({@code openai/gpt-4o}) and an Ollama tag ({@code :latest})
	 * are ignored.
	 */
	public @Nullable Price find(@Nullable String model) {
		if (model == null || model.isBlank()) {
			return null;
		}
		String name = normalize(model);
		int slash = name.lastIndexOf('/');
		if (slash >= 0) {
			name = name.substring(slash + 1);
		}
		Price exact = this.prices.get(name);
		if (exact != null) {
			return exact;
		}
		int colon = name.indexOf(':');
		if (colon > 0) {
			// Ollama's tags (llama3.2:latest, qwen2.5:7b)
			name = name.substring(0, colon);
			exact = this.prices.get(name);
			if (exact != null) {
				return exact;
			}
		}
		String candidate = name;
		for (int dash = candidate.lastIndexOf('-'); dash > 0; dash = candidate.lastIndexOf('-')) {
			candidate = candidate.substring(0, dash);
			Price price = this.prices.get(candidate);
			if (price != null) {
				return price;
			}
		}
		return null;
	}

	/** The cost in USD of a call, or null when the model has no price. */
	public @Nullable Double cost(@Nullable String model, long inputTokens, long outputTokens) {
		Price price = find(model);
		return (price != null) ? price.cost(inputTokens, outputTokens) : null;
	}

	private static String normalize(String model) {
		return model.trim().toLowerCase(Locale.ROOT);
	}

}
