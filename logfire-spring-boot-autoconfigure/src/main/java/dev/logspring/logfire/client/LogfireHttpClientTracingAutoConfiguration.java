package dev.logspring.logfire.client;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.http.LogfireHttpProperties;
import dev.logspring.logfire.http.LogfireHttpPropertiesConfiguration;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One CLIENT span per call made through {@code RestClient}, {@code RestTemplate} or
 * {@code WebClient} (when Spring WebFlux is present), with the trace context and baggage
 * propagated. On the clients our interceptor instruments, it makes the span and Spring Boot's
 * client observation keeps only its metrics; a client without it (built by hand, or a
 * {@code WebClient}) gets its span from the observation, through our tracing handler, and our
 * filter steps aside: never two spans for one call.
 */
@AutoConfiguration(after = { LogfireTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class },
		before = MicrometerTracingAutoConfiguration.class)
@ConditionalOnClass(RestClient.class)
@ConditionalOnLogfireEnabled
@ConditionalOnBooleanProperty(name = "logfire.http.client.enabled", matchIfMissing = true)
@Import(LogfireHttpPropertiesConfiguration.class)
public final class LogfireHttpClientTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientSpans logfireClientSpans(LogfireHttpProperties properties, ObjectProvider<OpenTelemetry> openTelemetry) {
		LogfireHttpProperties.Client client = properties.getClient();
		return new ClientSpans(client.getCaptureRequestHeaders(), client.getCaptureResponseHeaders(),
				openTelemetry::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	LogfireClientHttpRequestInterceptor logfireClientHttpRequestInterceptor(ClientSpans spans) {
		return new LogfireClientHttpRequestInterceptor(spans);
	}

	@Bean
	@ConditionalOnMissingBean
	static HttpClientInstrumenter logfireHttpClientInstrumenter(
			ObjectProvider<LogfireClientHttpRequestInterceptor> interceptor) {
		return new HttpClientInstrumenter(interceptor::getObject);
	}

	/** Customizers add to Boot's builders next to the application's own: they do not back off. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class BootBuildersConfiguration {

		@Bean
		RestClientCustomizer logfireRestClientCustomizer(LogfireClientHttpRequestInterceptor interceptor) {
			return (builder) -> HttpClientInstrumenter.instrument(builder, interceptor);
		}

		@Bean
		RestTemplateCustomizer logfireRestTemplateCustomizer(LogfireClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> HttpClientInstrumenter.instrument(restTemplate, interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ PropagatingSenderTracingObservationHandler.class, OtelSpan.class,
			ClientRequestObservationContext.class })
	@ConditionalOnBean({ Tracer.class, Propagator.class })
	static class ObservationTracingConfiguration {

		/** Ahead of Micrometer's sender handler, so that it traces HTTP client observations. */
		@Bean
		@ConditionalOnMissingBean
		@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER - 10)
		ClientTracingHandler logfireClientTracingHandler(Tracer tracer,
				ObjectProvider<io.opentelemetry.api.trace.Tracer> otelTracer, Propagator propagator, ClientSpans spans,
				OpenTelemetry openTelemetry) {
			return new ClientTracingHandler(tracer, bootTracer(otelTracer, openTelemetry), propagator, spans);
		}

	}

	/** Boot's OpenTelemetry tracer behind Micrometer's; without one, ours. */
	private static io.opentelemetry.api.trace.Tracer bootTracer(ObjectProvider<io.opentelemetry.api.trace.Tracer> tracer,
			OpenTelemetry openTelemetry) {
		return tracer.getIfUnique(() -> openTelemetry.getTracer(Logfire.INSTRUMENTATION_NAME));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, Mono.class })
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LogfireExchangeFilterFunction logfireExchangeFilterFunction(ClientSpans spans) {
			return new LogfireExchangeFilterFunction(spans);
		}

		@Bean
		@ConditionalOnMissingBean
		static WebClientInstrumenter logfireWebClientInstrumenter(
				ObjectProvider<LogfireExchangeFilterFunction> filter) {
			return new WebClientInstrumenter(filter::getObject);
		}

		@Bean
		@ConditionalOnClass({ PropagatingSenderTracingObservationHandler.class, OtelSpan.class,
				org.springframework.web.reactive.function.client.ClientRequestObservationContext.class })
		@ConditionalOnBean({ Tracer.class, Propagator.class })
		@ConditionalOnMissingBean
		@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER - 10)
		WebClientTracingHandler logfireWebClientTracingHandler(Tracer tracer,
				ObjectProvider<io.opentelemetry.api.trace.Tracer> otelTracer, Propagator propagator, ClientSpans spans,
				OpenTelemetry openTelemetry) {
			return new WebClientTracingHandler(tracer, bootTracer(otelTracer, openTelemetry), propagator, spans);
		}

	}

	/** A customizer adds to Boot's builder next to the application's own: it does not back off. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, Mono.class, WebClientCustomizer.class })
	static class BootWebClientBuilderConfiguration {

		@Bean
		WebClientCustomizer logfireWebClientCustomizer(LogfireExchangeFilterFunction filter) {
			return (builder) -> WebClientInstrumenter.instrument(builder, filter);
		}

	}

}
