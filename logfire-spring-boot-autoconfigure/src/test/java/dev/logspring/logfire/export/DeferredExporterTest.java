package dev.logspring.logfire.export;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.config.PropertiesLogfireConnectionDetails;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Our OTLP exporters are built by their first export, not at startup (building one loads the
 * JDK's trust store), and telemetry still arrives in Logfire's shape.
 */
class DeferredExporterTest {

	private final OtlpReceiver receiver = new OtlpReceiver();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void theSpanExporterIsBuiltByItsFirstExport() {
		LogfireDestinations destinations = destinations();
		DeferredSpanExporter exporter = (DeferredSpanExporter) destinations.spanExporter(destinations.all().get(0));
		assertThat(exporter.isBuilt()).isFalse();

		SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build();
		tracerProvider.get("test").spanBuilder("checkout").startSpan().end();

		assertThat(this.receiver.awaitSpanNamed("checkout").name()).isEqualTo("checkout");
		assertThat(exporter.isBuilt()).isTrue();
		tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
	}

	@Test
	void theMetricExporterAnswersTheReaderBeforeItIsBuiltThenExportsInLogfireShape() {
		LogfireDestinations destinations = destinations();
		RetryingMetricExporter exporter = (RetryingMetricExporter) destinations
			.metricExporter(destinations.all().get(0));
		SdkMeterProvider meterProvider = SdkMeterProvider.builder()
			.registerMetricReader(PeriodicMetricReader.create(exporter))
			.build();

		assertThat(exporter.getAggregationTemporality(InstrumentType.COUNTER))
			.isEqualTo(io.opentelemetry.sdk.metrics.data.AggregationTemporality.DELTA);
		assertThat(exporter.getDefaultAggregation(InstrumentType.HISTOGRAM).toString())
			.contains("Base2ExponentialHistogram");
		assertThat(exporter.getMemoryMode()).isEqualTo(MemoryMode.REUSABLE_DATA);
		assertThat(exporter.isBuilt()).isFalse();

		meterProvider.get("test").counterBuilder("orders").build().add(3);
		meterProvider.forceFlush().join(10, TimeUnit.SECONDS);

		Metric orders = await().atMost(java.time.Duration.ofSeconds(10))
			.until(() -> this.receiver.metrics().stream().filter((m) -> m.getName().equals("orders")).findFirst(),
					java.util.Optional::isPresent)
			.get();
		assertThat(orders.getSum().getAggregationTemporality())
			.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
		assertThat(orders.getSum().getDataPoints(0).getAsInt()).isEqualTo(3);
		assertThat(exporter.isBuilt()).isTrue();
		meterProvider.shutdown().join(10, TimeUnit.SECONDS);
	}

	@Test
	void aBuildThatFailsFailsThatExportAndTheNextExportTriesAgain() {
		AtomicInteger builds = new AtomicInteger();
		DeferredSpanExporter exporter = new DeferredSpanExporter(() -> {
			builds.incrementAndGet();
			throw new IllegalStateException("SSLContext is not initialized");
		});

		CompletableResultCode first = exporter.export(List.of());
		CompletableResultCode second = exporter.export(List.of());

		assertThat(first.isDone()).isTrue();
		assertThat(first.isSuccess()).isFalse();
		assertThat(first.getFailureThrowable()).hasMessage("SSLContext is not initialized");
		assertThat(second.isSuccess()).isFalse();
		assertThat(builds).hasValue(2);
	}

	@Test
	void anExporterShutDownBeforeItsFirstExportIsNeverBuilt() {
		AtomicInteger builds = new AtomicInteger();
		DeferredSpanExporter exporter = new DeferredSpanExporter(() -> {
			builds.incrementAndGet();
			return SpanExporter.composite();
		});

		assertThat(exporter.flush().isSuccess()).isTrue();
		assertThat(exporter.shutdown().isSuccess()).isTrue();
		CompletableResultCode late = exporter.export(List.of());

		assertThat(late.isSuccess()).isFalse();
		assertThat(late.getFailureThrowable()).hasMessageContaining("shut down");
		assertThat(builds).hasValue(0);
	}

	private LogfireDestinations destinations() {
		LogfireProperties properties = new LogfireProperties();
		properties.setToken("pylf_v1_us_testtoken0123456789");
		properties.setBaseUrl(this.receiver.baseUrl());
		return new LogfireDestinations(new PropertiesLogfireConnectionDetails(properties),
				properties.getExport().getTimeout(), properties.getExport().getCompression());
	}

}
