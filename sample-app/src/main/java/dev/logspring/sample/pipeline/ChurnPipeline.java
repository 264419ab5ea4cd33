package dev.logspring.sample.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.Traced;

import org.springframework.stereotype.Service;

/**
 * Scenario 1 of the seed: the steps of a data pipeline, each a {@code @Traced} method (duration,
 * arguments, exceptions); the rows come from the embedded database, so the trace shows the
 * query; logs carry row counts; the model's accuracy is a metric.
 * The steps are called through the Spring proxy by {@link ChurnModelRun}: a call from one
 * method of this class to another would bypass the proxy and record no span.
 */
@Service
public class ChurnPipeline {

	private final CustomerTable customers;

	private final Logfire logfire;

	public ChurnPipeline(CustomerTable customers, Logfire logfire) {
		this.customers = customers;
		this.logfire = logfire;
	}

	/** Reads the rows imported from {@code resource} back from the database: the trace shows the query. */
	@Traced(value = "data loading {resource}", spanName = "data loading")
	public List<Customer> load(String resource) {
		List<Customer> customers = this.customers.findAll(resource);
		this.logfire.info("loaded data, {rows} rows", Map.of("rows", customers.size()));
		return customers;
	}

	@Traced(value = "data cleaning", recordArguments = false)
	public List<Customer> clean(List<Customer> customers) {
		Map<Integer, Customer> unique = new LinkedHashMap<>();
		customers.forEach((customer) -> unique.putIfAbsent(customer.id(), customer));
		List<Customer> complete = unique.values().stream().filter(Customer::isComplete).toList();
		int duplicates = customers.size() - unique.size();
		int incomplete = unique.size() - complete.size();
		this.logfire.debug("dropped {duplicates} duplicates", Map.of("duplicates", duplicates));
		if (incomplete > 0) {
			this.logfire.warn("dropped {incomplete} rows with missing values", Map.of("incomplete", incomplete));
		}
		this.logfire.info("cleaned data, {rows} rows left", Map.of("rows", complete.size()));
		return complete;
	}

	@Traced(value = "feature engineering", recordArguments = false)
	public Features engineerFeatures(List<Customer> customers) {
		List<double[]> rows = new ArrayList<>();
		List<Boolean> labels = new ArrayList<>();
		for (Customer customer : customers) {
			rows.add(new double[] { customer.age() / 100.0, customer.monthlySpend() / 200.0,
					customer.supportCalls() / 10.0, customer.tenureMonths() / 72.0 });
			labels.add(customer.churned());
		}
		this.logfire.info("built {count} features for {rows} rows", Map.of("count", 4, "rows", rows.size()));
		return new Features(rows, labels);
	}

	@Traced(value = "model training ({epochs} epochs)", spanName = "model training", exclude = "features")
	public double train(Features features, int epochs) {
		int split = (int) (features.rows().size() * 0.8);
		LogisticRegression model = LogisticRegression.train(features.rows().subList(0, split),
				features.labels().subList(0, split), epochs, 2.0);
		double accuracy = model.accuracy(features.rows().subList(split, features.rows().size()),
				features.labels().subList(split, features.labels().size()));
		this.logfire.info("model accuracy {accuracy}", Map.of("accuracy", Math.round(accuracy * 1000) / 1000.0));
		this.logfire.metric("model_accuracy", accuracy, Map.of("model", "logistic_regression"));
		return accuracy;
	}

	/** Model inputs and labels. */
	public record Features(List<double[]> rows, List<Boolean> labels) {
	}

}
