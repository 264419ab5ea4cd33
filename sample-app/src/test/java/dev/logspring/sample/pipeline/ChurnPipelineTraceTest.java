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
 * backend as one trace with the seed's nested steps, the database query under "data loading",
 * logs with row counts and the accuracy metric.
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
			ReceivedSpan query = receiver.awaitSpan((span) -> span.name().equals("SELECT customers")
					&& span.parentSpanId().equals(loading.spanId()));
			assertThat(query.string("db.query.text")).isEqualTo("SELECT customer_id, age, monthly_spend, "
					+ "support_calls, tenure_months, churned FROM customers WHERE source = ? ORDER BY row_id");
			assertThat(query.string("db.system.name")).isEqualTo("h2database");
			assertThat(query.longValue("db.response.returned_rows")).isEqualTo(301L);
			assertThat(query.span().getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
			assertThat(receiver.awaitSpanNamed("dropped {incomplete} rows with missing values")
				.longValue("logfire.level_num")).isEqualTo(13L);
			// Everything below the pipeline's root is one trace (the startup import is a trace of its own).
			assertThat(receiver.spans()).filteredOn((span) -> span.parentSpanId().equals(root.spanId()))
				.allMatch((span) -> span.traceId().equals(root.traceId()));
			ReceivedSpan imported = receiver.awaitSpanNamed("importing {resource} into the database");
			ReceivedSpan transaction = receiver.awaitSpan((span) -> span.name().equals("transaction")
					&& span.parentSpanId().equals(imported.spanId()));
			ReceivedSpan insert = receiver.awaitSpanNamed("BATCH INSERT customers");
			assertThat(insert.parentSpanId()).isEqualTo(transaction.spanId());
			assertThat(insert.longValue("db.operation.batch.size")).isEqualTo(301L);
			ReceivedSpan importLog = receiver.awaitSpanNamed("imported {arg0} customers from {arg1}");
			assertThat(importLog.parentSpanId()).isEqualTo(imported.spanId());
			assertThat(importLog.string("logfire.msg")).isEqualTo("imported 301 customers from data/customers.csv");
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
