package dev.logspring.logfire.web;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.http.LogfireHttpProperties;
import dev.logspring.logfire.tracing.LogfireTracingAutoConfiguration;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * One SERVER span per request served by Spring MVC. When Spring Boot's observation filter
 * traces the request (it does whenever Micrometer Tracing is configured, which this starter
 * brings), its span is enriched; otherwise our filter creates the span. The trace context is
 * decided first, by a filter ahead of both.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, FilterRegistrationBean.class })
@ConditionalOnBean(LogfireProperties.class)
@ConditionalOnBooleanProperty(name = "logfire.http.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LogfireHttpProperties.class)
public final class LogfireWebMvcTracingAutoConfiguration {

	/** Before Spring's observation filter (highest precedence + 1). */
	static final int TRACE_CONTEXT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

	/** Just inside Spring's observation filter. */
	static final int SPAN_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	ServletServerSpans logfireServletServerSpans(LogfireHttpProperties properties) {
		return new ServletServerSpans(properties.getServer());
	}

	@Bean
	FilterRegistrationBean<ServerTraceContextFilter> logfireServerTraceContextFilter(ServletServerSpans spans,
			OpenTelemetry openTelemetry, LogfireHttpProperties properties) {
		ServerTraceContextFilter filter = new ServerTraceContextFilter(spans,
				openTelemetry.getPropagators().getTextMapPropagator(), properties.getServer().isExtractTraceContext());
		FilterRegistrationBean<ServerTraceContextFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(TRACE_CONTEXT_FILTER_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ServerSpanFilter> logfireServerSpanFilter(ServletServerSpans spans,
			OpenTelemetry openTelemetry) {
		ServerSpanFilter filter = new ServerSpanFilter(spans, openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME));
		FilterRegistrationBean<ServerSpanFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(SPAN_FILTER_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationHandler.class, TracingObservationHandler.class, OtelSpan.class,
			ServerRequestObservationContext.class })
	static class ObservationEnrichmentConfiguration {

		@Bean
		ServletServerObservationEnricher logfireServletServerObservationEnricher(ServletServerSpans spans) {
			return new ServletServerObservationEnricher(spans);
		}

	}

}
