package dev.logspring.logfire.web;

import dev.logspring.logfire.api.Logfire;
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
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * One SERVER span per request served by Spring MVC. When Spring Boot's observation filter
 * observes the request (it does whenever an {@code ObservationRegistry} exists, which this
 * starter's Micrometer Tracing brings), our tracing handler gives that observation its span;
 * otherwise our filter creates the span. The trace context is decided first, by a filter ahead
 * of both.
 */
@AutoConfiguration(after = { LogfireTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class },
		before = MicrometerTracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, FilterRegistrationBean.class })
@ConditionalOnLogfireEnabled
@ConditionalOnBooleanProperty(name = "logfire.http.server.enabled", matchIfMissing = true)
@Import(LogfireHttpPropertiesConfiguration.class)
public final class LogfireWebMvcTracingAutoConfiguration {

	/** Before Spring's observation filter (highest precedence + 1). */
	static final int TRACE_CONTEXT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

	/** Just inside Spring's observation filter. */
	static final int SPAN_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	@ConditionalOnMissingBean
	ServerSpans logfireServerSpans(LogfireHttpProperties properties,
			ObjectProvider<ExcludedServerUrls> exclusions) {
		return ServerSpans.of(properties.getServer(), exclusions.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingFilterBean(ServerTraceContextFilter.class)
	FilterRegistrationBean<ServerTraceContextFilter> logfireServerTraceContextFilter(ServerSpans spans,
			OpenTelemetry openTelemetry, LogfireHttpProperties properties) {
		ServerTraceContextFilter filter = new ServerTraceContextFilter(spans,
				openTelemetry.getPropagators().getTextMapPropagator(), properties.getServer().isExtractTraceContext());
		FilterRegistrationBean<ServerTraceContextFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(TRACE_CONTEXT_FILTER_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Bean
	@ConditionalOnMissingFilterBean(ServerSpanFilter.class)
	FilterRegistrationBean<ServerSpanFilter> logfireServerSpanFilter(ServerSpans spans,
			OpenTelemetry openTelemetry) {
		ServerSpanFilter filter = new ServerSpanFilter(spans, openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME));
		FilterRegistrationBean<ServerSpanFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(SPAN_FILTER_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ PropagatingReceiverTracingObservationHandler.class, OtelSpan.class,
			ServerRequestObservationContext.class })
	@ConditionalOnBean({ Tracer.class, Propagator.class })
	static class ObservationTracingConfiguration {

		/** Ahead of Micrometer's receiver handler, so that it traces HTTP server observations. */
		@Bean
		@ConditionalOnMissingBean
		@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER - 10)
		ServletServerTracingHandler logfireServletServerTracingHandler(Tracer tracer, Propagator propagator,
				ServerSpans spans, ObjectProvider<io.opentelemetry.api.trace.Tracer> bootTracer,
				OpenTelemetry openTelemetry) {
			// Boot's OpenTelemetry tracer, the one behind Micrometer's: observed spans keep one
			// instrumentation scope however they are started.
			return new ServletServerTracingHandler(tracer, propagator, spans,
					bootTracer.getIfUnique(() -> openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME)));
		}

	}

}
