package dev.logspring.logfire.benchmarks.traced;

import dev.logspring.logfire.api.Traced;

/** A method worth tracing, doing very little so that the tracing cost shows. */
public class PriceService {

	@Traced
	public long price(String sku) {
		return sku.length() * 100L;
	}

	/** The same work and span, which also records its thread's CPU time and allocations. */
	@Traced(recordThreadUsage = true)
	public long meteredPrice(String sku) {
		return sku.length() * 100L;
	}

}
