package dev.logspring.sample.pipeline;

/**
 * One row of the customers data set; fields are null where the CSV had no usable value.
 */
public record Customer(int id, Integer age, Double monthlySpend, int supportCalls, int tenureMonths,
		boolean churned) {

	boolean isComplete() {
		return this.age != null && this.monthlySpend != null;
	}

}
