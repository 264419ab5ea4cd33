package dev.logspring.logfire.pipeline;

import java.util.Collection;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Reads the batch span processor's own counters (spans it dropped because its queue was full,
 * and its queue size), which it only reports through a meter provider. It gets a private one,
 * read on demand: a reader on the application's provider would double the cost of recording
 * every metric of the application.
 */
public final class BatchProcessorMonitor implements AutoCloseable {

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private final PullReader reader = new PullReader();

	private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(this.reader).build();

	/** What the batch span processor reports to. */
	public MeterProvider meterProvider() {
		return this.meterProvider;
	}

	public Stats stats() {
		long dropped = 0;
		long queued = 0;
		for (MetricData metric : this.reader.collect()) {
			switch (metric.getName()) {
				case "processedSpans" -> {
					for (LongPointData point : metric.getLongSumData().getPoints()) {
						if (Boolean.TRUE.equals(point.getAttributes().get(DROPPED))) {
							dropped += point.getValue();
						}
					}
				}
				case "queueSize" -> {
					for (LongPointData point : metric.getLongGaugeData().getPoints()) {
						queued += point.getValue();
					}
				}
				default -> {
				}
			}
		}
		return new Stats(dropped, queued);
	}

	@Override
	public void close() {
		this.meterProvider.close();
	}

	/**
	 * @param droppedSpans spans dropped because the processor's queue was full
	 * @param queuedSpans spans waiting in the processor's queue
	 */
	public record Stats(long droppedSpans, long queuedSpans) {
	}

	private static final class PullReader implements MetricReader {

		private volatile CollectionRegistration registration = CollectionRegistration.noop();

		@Override
		public void register(CollectionRegistration registration) {
			this.registration = registration;
		}

		Collection<MetricData> collect() {
			return this.registration.collectAllMetrics();
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return AggregationTemporality.CUMULATIVE;
		}

		@Override
		public CompletableResultCode forceFlush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
