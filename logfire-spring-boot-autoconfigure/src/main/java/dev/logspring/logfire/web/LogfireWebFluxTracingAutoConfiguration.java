package dev.logspring.logfire.web;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.http.ExcludedServerUrls;
import dev.logspring.logfire.http.LogfireHttpProperties;
import dev.logspring.logfire.http.LogfireHttpPropertiesConfiguration;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * One SERVER span per request served by Spring WebFlux, through the observation WebFlux runs
 * for every request when an {@code ObservationRegistry} exists (this starter's Micrometer
 * Tracing brings one).
 */
@AutoConfiguration(after = { LogfireTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class },
		before = MicrometerTracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ ServerRequestObservationContext.class, PropagatingReceiverTracingObservationHandler.class,
		OtelSpan.class })
@ConditionalOnLogfireEnabled
@ConditionalOnBean({ Tracer.class, Propagator.class })
@ConditionalOnBooleanProperty(name = "logfire.http.server.enabled", matchIfMissing = true)
@Import(LogfireHttpPropertiesConfiguration.class)
public final class LogfireWebFluxTracingAutoConfiguration {

	/** Ahead of Micrometer's receiver handler, so that it traces WebFlux server observations. */
	@Bean
	@ConditionalOnMissingBean
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER - 10)
	ReactiveServerTracingHandler logfireReactiveServerTracingHandler(Tracer tracer, Propagator propagator,
			OpenTelemetry openTelemetry, LogfireHttpProperties properties,
			ObjectProvider<ExcludedServerUrls> exclusions) {
		return new ReactiveServerTracingHandler(tracer, propagator,
				ServerSpans.of(properties.getServer(), exclusions.orderedStream().toList()),
				openTelemetry.getPropagators().getTextMapPropagator(), properties.getServer().isExtractTraceContext());
	}

}
