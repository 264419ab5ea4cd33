package dev.logspring.sample.pipeline;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs scenario 1 once at startup so that the demo shows its trace on the console.
 */
@Component
@Order(1)
@ConditionalOnBooleanProperty(name = "demo.pipeline.enabled", matchIfMissing = true)
class PipelineDemo implements ApplicationRunner {

	private final ChurnModelRun pipeline;

	PipelineDemo(ChurnModelRun pipeline) {
		this.pipeline = pipeline;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.pipeline.run("data/customers.csv");
	}

}
