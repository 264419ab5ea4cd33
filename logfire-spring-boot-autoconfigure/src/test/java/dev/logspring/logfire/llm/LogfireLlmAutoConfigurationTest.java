package dev.logspring.logfire.llm;

import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.micrometer.observation.ObservationPredicate;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When each LLM bean exists: Spring AI and RestClient support each follow their classes, the
 * switch turns everything off, and users' own beans win.
 */
class LogfireLlmAutoConfigurationTest {

	@Test
	void everythingIsThereWithSpringAiAndRestClient() {
		LogfireContextRunners.full().run((context) -> {
			assertThat(context).hasSingleBean(LlmTelemetry.class)
				.hasSingleBean(LlmPriceTable.class)
				.hasSingleBean(LlmClientHttpRequestInterceptor.class)
				.hasSingleBean(SpringAiLlmObservationHandler.class)
				.hasSingleBean(LlmMetricsInSpans.class)
				.hasBean("logfireLlmRestClientCustomizer");
			assertThat(context.getBeansOfType(ObservationPredicate.class)).containsKey("logfireLlmHttpObservationPredicate");
		});
	}

	@Test
	void withoutSpringAiOnlyTheHttpSupportRemains() {
		LogfireContextRunners.full().withClassLoader(new FilteredClassLoader(ChatModelObservationContext.class))
			.run((context) -> assertThat(context).hasSingleBean(LlmClientHttpRequestInterceptor.class)
				.doesNotHaveBean(SpringAiLlmObservationHandler.class));
	}

	@Test
	void withoutRestClientOnlySpringAiSupportRemains() {
		LogfireContextRunners.full().withClassLoader(new FilteredClassLoader(RestClient.class))
			.run((context) -> assertThat(context).hasSingleBean(SpringAiLlmObservationHandler.class)
				.doesNotHaveBean(LlmClientHttpRequestInterceptor.class)
				.doesNotHaveBean(RestClientCustomizer.class));
	}

	@Test
	void switchesTurnItOff() {
		LogfireContextRunners.full().withPropertyValues("logfire.llm.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmTelemetry.class)
				.doesNotHaveBean(SpringAiLlmObservationHandler.class)
				.doesNotHaveBean(LlmClientHttpRequestInterceptor.class));
		LogfireContextRunners.full().withPropertyValues("logfire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmTelemetry.class));
	}

	@Test
	void usersOwnRecorderWins() {
		LogfireContextRunners.full().withUserConfiguration(OwnTelemetry.class)
			.run((context) -> {
				assertThat(context.getBean(LlmTelemetry.class)).isSameAs(context.getBean(OwnTelemetry.class).telemetry);
				assertThat(context.getBean(LlmMetricsInSpans.class))
					.isSameAs(context.getBean(OwnTelemetry.class).metricsInSpans);
			});
	}

	@Test
	void pricesBindForModelNamesWithDots() {
		LogfireContextRunners.full()
			.withPropertyValues("logfire.llm.prices.[gpt-4.1].input-per-million=9.5",
					"logfire.llm.prices.[llama3.2].output-per-million=0")
			.run((context) -> {
				LlmPriceTable table = context.getBean(LlmPriceTable.class);
				assertThat(table.find("gpt-4.1").inputPerMillion()).isEqualByComparingTo("9.5");
				assertThat(table.cost("llama3.2:latest", 1000, 1000)).isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTelemetry {

		final LlmTelemetry telemetry = new LlmTelemetry(OpenTelemetry.noop(),
				LlmPriceTable.withDefaults(java.util.Map.of()), true, true, false, 10_000);

		final LlmMetricsInSpans metricsInSpans = new LlmMetricsInSpans(10);

		@Bean
		LlmTelemetry ownLlmTelemetry() {
			return this.telemetry;
		}

		@Bean
		LlmMetricsInSpans ownLlmMetricsInSpans() {
			return this.metricsInSpans;
		}

	}

}
