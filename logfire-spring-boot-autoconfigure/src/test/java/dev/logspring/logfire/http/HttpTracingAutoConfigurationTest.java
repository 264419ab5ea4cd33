package dev.logspring.logfire.http;

import java.util.ArrayList;
import java.util.List;

import dev.logspring.logfire.client.LogfireClientHttpRequestInterceptor;
import dev.logspring.logfire.client.LogfireExchangeFilterFunction;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the HTTP instrumentation exists, how it is switched off, and that no client is ever
 * instrumented twice whichever way it was built.
 */
class HttpTracingAutoConfigurationTest {

	private final WebApplicationContextRunner runner = LogfireContextRunners.servletWeb()
		.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
				WebClientAutoConfiguration.class));

	@Configuration(proxyBeanMethods = false)
	static class Clients {

		@Bean
		RestClient fromBootsBuilder(RestClient.Builder builder) {
			return builder.build();
		}

		@Bean
		RestClient fromPlainBuilder() {
			return RestClient.builder().requestInterceptor((request, body, execution) -> execution.execute(request, body))
				.build();
		}

		@Bean
		RestClient.Builder ownBuilder() {
			return RestClient.builder();
		}

		@Bean
		RestTemplate fromRestTemplateBuilder(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

		@Bean
		WebClient webClientFromBootsBuilder(WebClient.Builder builder) {
			return builder.build();
		}

		@Bean
		WebClient plainWebClient() {
			return WebClient.create();
		}

	}

	@Test
	void servletApplicationGetsServerAndClientInstrumentation() {
		this.runner.run((context) -> {
			assertThat(filters(context)).contains("ServerTraceContextFilter", "ServerSpanFilter");
			assertThat(context.getBeansOfType(ObservationHandler.class).keySet())
				.contains("logfireServletServerTracingHandler", "logfireClientTracingHandler");
			assertThat(context).hasSingleBean(LogfireClientHttpRequestInterceptor.class)
				.hasSingleBean(LogfireExchangeFilterFunction.class)
				.hasBean("logfireWebClientTracingHandler");
		});
	}

	@Test
	void everyClientHasOurInterceptorExactlyOnce() {
		this.runner.withUserConfiguration(Clients.class).run((context) -> {
			for (String name : List.of("fromBootsBuilder", "fromPlainBuilder")) {
				assertThat(countOurs(interceptorsOf(context.getBean(name, RestClient.class)))).as(name).isEqualTo(1);
			}
			assertThat(countOurs(interceptorsOf(context.getBean("ownBuilder", RestClient.Builder.class).build())))
				.isEqualTo(1);
			// A client built from an already instrumented builder bean is not instrumented again.
			RestClient fromInstrumentedBuilder = context.getBean("ownBuilder", RestClient.Builder.class).build();
			assertThat(countOurs(interceptorsOf(fromInstrumentedBuilder.mutate().build()))).isEqualTo(1);
			for (String name : List.of("fromRestTemplateBuilder", "plainRestTemplate")) {
				assertThat(countOurs(context.getBean(name, RestTemplate.class).getInterceptors())).as(name).isEqualTo(1);
			}
			for (String name : List.of("webClientFromBootsBuilder", "plainWebClient")) {
				List<ExchangeFilterFunction> filters = new ArrayList<>();
				context.getBean(name, WebClient.class).mutate().filters(filters::addAll);
				assertThat(filters.stream().filter(LogfireExchangeFilterFunction.class::isInstance).count()).as(name)
					.isEqualTo(1);
			}
			// Our interceptor comes first, so its span covers the others' work.
			assertThat(interceptorsOf(context.getBean("fromPlainBuilder", RestClient.class)).get(0))
				.isInstanceOf(LogfireClientHttpRequestInterceptor.class);
		});
	}

	@Test
	void serverInstrumentationCanBeTurnedOff() {
		this.runner.withPropertyValues("logfire.http.server.enabled=false").run((context) -> {
			assertThat(filters(context)).doesNotContain("ServerTraceContextFilter", "ServerSpanFilter");
			assertThat(context).doesNotHaveBean("logfireServletServerTracingHandler");
			assertThat(context).hasSingleBean(LogfireClientHttpRequestInterceptor.class);
		});
	}

	@Test
	void clientInstrumentationCanBeTurnedOff() {
		this.runner.withPropertyValues("logfire.http.client.enabled=false")
			.withUserConfiguration(Clients.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LogfireClientHttpRequestInterceptor.class)
					.doesNotHaveBean("logfireClientTracingHandler")
					.doesNotHaveBean(LogfireExchangeFilterFunction.class);
				assertThat(countOurs(context.getBean("plainRestTemplate", RestTemplate.class).getInterceptors()))
					.isZero();
			});
	}

	@Test
	void nothingWhenTheStarterIsDisabled() {
		this.runner.withPropertyValues("logfire.enabled=false").run((context) -> {
			assertThat(filters(context)).isEmpty();
			assertThat(context).doesNotHaveBean(LogfireClientHttpRequestInterceptor.class);
		});
	}

	@Test
	void nonWebApplicationGetsOnlyTheClientInstrumentation() {
		LogfireContextRunners.full().run((context) -> {
			assertThat(context).doesNotHaveBean("logfireServerSpanFilter");
			assertThat(context).hasSingleBean(LogfireClientHttpRequestInterceptor.class);
		});
	}

	private static List<String> filters(org.springframework.context.ApplicationContext context) {
		return context.getBeansOfType(FilterRegistrationBean.class)
			.values()
			.stream()
			.map((registration) -> registration.getFilter().getClass().getSimpleName())
			.toList();
	}

	private static List<ClientHttpRequestInterceptor> interceptorsOf(RestClient client) {
		List<ClientHttpRequestInterceptor> found = new ArrayList<>();
		client.mutate().requestInterceptors(found::addAll);
		return found;
	}

	private static long countOurs(List<ClientHttpRequestInterceptor> interceptors) {
		return interceptors.stream().filter(LogfireClientHttpRequestInterceptor.class::isInstance).count();
	}

}
