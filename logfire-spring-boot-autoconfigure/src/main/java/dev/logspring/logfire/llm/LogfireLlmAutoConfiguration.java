package dev.logspring.logfire.llm;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import io.micrometer.observation.ObservationPredicate;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;

/**
 * LLM observability: the price table and the recorder of LLM spans and metrics, and the
 * instrumentation of OpenAI-compatible calls made through Boot's {@code RestClient.Builder}.
 * Spring AI has its own configuration ({@link LogfireSpringAiAutoConfiguration}).
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
@ConditionalOnBooleanProperty(name = "logfire.llm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LogfireLlmProperties.class)
public final class LogfireLlmAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmPriceTable logfireLlmPriceTable(LogfireLlmProperties properties) {
		return LlmPriceTable.withDefaults(properties.getPrices());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmTelemetry logfireLlmTelemetry(OpenTelemetry openTelemetry, LlmPriceTable prices,
			LogfireLlmProperties properties) {
		return new LlmTelemetry(openTelemetry, prices, properties);
	}

	/** At most this many spans wait for their LLM calls' totals to reach them. */
	private static final int MAX_PENDING_SPANS = 10_000;

	@Bean
	@ConditionalOnMissingBean
	LlmMetricsInSpans logfireLlmMetricsInSpans() {
		return new LlmMetricsInSpans(MAX_PENDING_SPANS);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
	static class RestClientLlmConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmClientHttpRequestInterceptor logfireLlmClientHttpRequestInterceptor(LlmTelemetry telemetry,
				OpenTelemetry openTelemetry, LogfireLlmProperties properties) {
			return new LlmClientHttpRequestInterceptor(telemetry,
					openTelemetry.getPropagators().getTextMapPropagator(), properties.getMaxContentLength());
		}

		/**
		 * Puts the interceptor first in every builder from Boot's {@code RestClient.Builder},
		 * whatever order other customizers run in, and marks the requests so that
		 * {@link LlmHttpObservationPredicate} knows which calls it records. Added next to the
		 * application's customizers: it does not back off.
		 */
		@Bean
		RestClientCustomizer logfireLlmRestClientCustomizer(LlmClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptors((interceptors) -> {
				if (!interceptors.contains(interceptor)) {
					interceptors.add(0, interceptor);
				}
			}).defaultRequest((request) -> request.attribute(LlmClientHttpRequestInterceptor.INSTRUMENTED_ATTRIBUTE, true));
		}

		/** Boot applies every predicate, the application's too: this one does not back off. */
		@Bean
		@ConditionalOnClass({ ObservationPredicate.class, ClientRequestObservationContext.class })
		ObservationPredicate logfireLlmHttpObservationPredicate() {
			return new LlmHttpObservationPredicate();
		}

	}

}
