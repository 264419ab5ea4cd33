package dev.logspring.logfire.benchmarks.traced;

import dev.logspring.logfire.api.Traced;

/** A method worth tracing, doing very little so that the tracing cost shows. */
public class PriceService {

	@Traced
	public long price(String sku) {
		return sku.length() * 100L;
	}

}
