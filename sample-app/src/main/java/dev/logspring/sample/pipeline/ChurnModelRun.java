package dev.logspring.sample.pipeline;

import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;

import org.springframework.stereotype.Component;

/**
 * Runs the pipeline's steps inside one named span, so the console and Logfire show them as
 * one trace: loading, cleaning, feature engineering, training.
 */
@Component
public class ChurnModelRun {

	private final ChurnPipeline pipeline;

	private final Logfire logfire;

	public ChurnModelRun(ChurnPipeline pipeline, Logfire logfire) {
		this.pipeline = pipeline;
		this.logfire = logfire;
	}

	/** Returns the model's accuracy on held-out rows. */
	public double run(String resource) {
		try (LogfireSpan span = this.logfire.span("churn model pipeline {resource}", Map.of("resource", resource))) {
			List<Customer> raw = this.pipeline.load(resource);
			List<Customer> clean = this.pipeline.clean(raw);
			ChurnPipeline.Features features = this.pipeline.engineerFeatures(clean);
			// Enough epochs to outlast the profiling threshold (500 ms) on a fast, idle machine.
			double accuracy = this.pipeline.train(features, 150_000);
			span.setAttribute("accuracy", accuracy);
			return accuracy;
		}
	}

}
