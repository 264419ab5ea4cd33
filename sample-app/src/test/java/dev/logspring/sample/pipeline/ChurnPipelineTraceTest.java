package dev.logspring.sample.pipeline;

import java.util.List;

import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import dev.logspring.sample.SampleApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1 end to end: the demo's pipeline, run by the real application, reaches an OTLP
 * backend as one trace with the seed's nested steps, logs with row counts and the accuracy
 * metric.
 */
class ChurnPipelineTraceTest {

	@Test
	void pipelineIsOneTraceWithNestedStepsLogsAndMetric() {
		double accuracy;
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
				.properties("logfire.otlp.endpoint=" + receiver.baseUrl(), "logfire.console.enabled=false",
						"demo.pipeline.enabled=false", "spring.main.web-application-type=none")
				.run()) {
				accuracy = context.getBean(ChurnModelRun.class).run("data/customers.csv");
			}
			ReceivedSpan root = receiver.awaitSpanNamed("churn model pipeline {resource}");
			assertThat(root.string("logfire.msg")).isEqualTo("churn model pipeline data/customers.csv");
			List<String> steps = receiver.spans()
				.stream()
				.filter((span) -> span.parentSpanId().equals(root.spanId()))
				.map(ReceivedSpan::name)
				.toList();
			assertThat(steps).containsExactly("data loading", "data cleaning", "feature engineering",
					"model training");
			ReceivedSpan loading = receiver.awaitSpanNamed("data loading");
			ReceivedSpan loaded = receiver.awaitSpanNamed("loaded data, {rows} rows");
			assertThat(loaded.parentSpanId()).isEqualTo(loading.spanId());
			assertThat(loaded.longValue("rows")).isEqualTo(301L);
			assertThat(loaded.string("logfire.span_type")).isEqualTo("log");
			assertThat(receiver.awaitSpanNamed("dropped {incomplete} rows with missing values")
				.longValue("logfire.level_num")).isEqualTo(13L);
			assertThat(receiver.spans()).allMatch((span) -> span.traceId().equals(root.traceId()));
			assertThat(root.resourceString("service.name")).isEqualTo("sample-app");
			var metric = receiver.metrics()
				.stream()
				.filter((m) -> m.getName().equals("model_accuracy"))
				.findFirst()
				.orElseThrow();
			assertThat(metric.getExponentialHistogram().getDataPoints(0).getSum()).isEqualTo(accuracy);
			assertThat(accuracy).isBetween(0.6, 1.0);
		}
	}

}
