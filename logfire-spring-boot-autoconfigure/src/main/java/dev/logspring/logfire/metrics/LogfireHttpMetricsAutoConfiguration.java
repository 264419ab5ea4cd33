package dev.logspring.logfire.metrics;

import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * OpenTelemetry's HTTP duration metrics, recorded from the HTTP spans as they end (the SDK that
 * Boot builds collects every {@code SpanProcessor} bean). Boot's {@code http.server.requests}
 * and {@code http.client.requests} meters are left as they are.
 */
@AutoConfiguration(after = LogfireMetricsAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@ConditionalOnBean(SdkMeterProvider.class)
@ConditionalOnBooleanProperty(name = "logfire.metrics.http.enabled", matchIfMissing = true)
public final class LogfireHttpMetricsAutoConfiguration {

	/** The meter provider is resolved at the first span: it is built next to the tracer provider. */
	@Bean
	@ConditionalOnMissingBean
	HttpDurationMetrics logfireHttpDurationMetrics(ObjectProvider<SdkMeterProvider> meterProvider) {
		return new HttpDurationMetrics(meterProvider::getObject);
	}

}
