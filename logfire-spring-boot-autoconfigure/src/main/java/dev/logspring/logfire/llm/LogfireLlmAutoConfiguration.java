package dev.logspring.logfire.llm;

import java.math.BigDecimal;
import java.util.List;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.PropertyChecks;
import io.micrometer.observation.ObservationPredicate;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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
		properties.getPrices().forEach((model, price) -> {
			requireNotNegative("logfire.llm.prices." + model + ".input-per-million", price.getInputPerMillion());
			requireNotNegative("logfire.llm.prices." + model + ".output-per-million", price.getOutputPerMillion());
		});
		return LlmPriceTable.withDefaults(properties.getPrices());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmTelemetry logfireLlmTelemetry(OpenTelemetry openTelemetry, LlmPriceTable prices,
			LogfireLlmProperties properties) {
		PropertyChecks.requirePositive("logfire.llm.max-content-length", properties.getMaxContentLength());
		List<String> versions = properties.getSemconvVersions();
		if (versions.isEmpty() || !List.of(LogfireLlmProperties.LATEST, LogfireLlmProperties.VERSION_1)
			.containsAll(versions)) {
			throw new InvalidConfigurationPropertyValueException("logfire.llm.semconv-versions",
					String.join(",", versions), "'latest', '1' or both");
		}
		return new LlmTelemetry(openTelemetry, prices, properties.isRecordContent(),
				versions.contains(LogfireLlmProperties.LATEST), versions.contains(LogfireLlmProperties.VERSION_1),
				properties.getMaxContentLength());
	}

	private static void requireNotNegative(String property, BigDecimal value) {
		if (value != null && value.signum() < 0) {
			throw new InvalidConfigurationPropertyValueException(property, value.toPlainString(),
					"a price in USD per million tokens, 0 or more");
		}
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
