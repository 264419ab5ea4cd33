package dev.logspring.logfire.metrics;

import java.util.function.ToLongFunction;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.pipeline.BatchProcessorMonitor;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer.ConsumerStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import org.jspecify.annotations.Nullable;

/**
 * The starter's own health as metrics, exported with the application's: spans exported,
 * dropped and given up per destination, failed export attempts, queue sizes. Observable
 * instruments read the counters the pipeline keeps anyway, at collection time only.
 */
public final class LogfireSelfMetrics {

	static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("destination");

	static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

	public LogfireSelfMetrics(MeterProvider meterProvider, LogfireSpanPipeline pipeline,
			@Nullable BatchProcessorMonitor batchProcessor) {
		Meter meter = meterProvider.get(Logfire.INSTRUMENTATION_NAME);
		meter.counterBuilder("logfire.export.spans")
			.setUnit("{span}")
			.setDescription("Spans per destination by outcome: exported, dropped (queue full) or failed (given up)")
			.buildWithCallback((measurement) -> {
				for (QueuedSpanConsumer consumer : pipeline.consumers()) {
					ConsumerStats stats = consumer.stats();
					record(measurement, stats, "exported", ConsumerStats::exportedSpans);
					record(measurement, stats, "dropped", ConsumerStats::droppedSpans);
					record(measurement, stats, "failed", ConsumerStats::failedSpans);
				}
			});
		meter.counterBuilder("logfire.export.failures")
			.setUnit("{request}")
			.setDescription("Failed export attempts per destination, retries included")
			.buildWithCallback((measurement) -> pipeline.consumers()
				.forEach((consumer) -> measurement.record(consumer.stats().failedExports(),
						Attributes.of(DESTINATION, consumer.name()))));
		meter.upDownCounterBuilder("logfire.export.queue.size")
			.setUnit("{span}")
			.setDescription("Spans waiting for export per destination")
			.buildWithCallback((measurement) -> pipeline.consumers()
				.forEach((consumer) -> measurement.record(consumer.stats().queuedSpans(),
						Attributes.of(DESTINATION, consumer.name()))));
		if (batchProcessor != null) {
			meter.counterBuilder("logfire.processor.spans.dropped")
				.setUnit("{span}")
				.setDescription("Spans dropped by the batch span processor because its queue was full")
				.buildWithCallback((measurement) -> measurement.record(batchProcessor.stats().droppedSpans()));
			meter.upDownCounterBuilder("logfire.processor.queue.size")
				.setUnit("{span}")
				.setDescription("Spans waiting in the batch span processor's queue")
				.buildWithCallback((measurement) -> measurement.record(batchProcessor.stats().queuedSpans()));
		}
	}

	private static void record(ObservableLongMeasurement measurement, ConsumerStats stats, String outcome,
			ToLongFunction<ConsumerStats> value) {
		measurement.record(value.applyAsLong(stats), Attributes.of(DESTINATION, stats.name(), OUTCOME, outcome));
	}

}
