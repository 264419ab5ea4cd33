package dev.logspring.logfire.client;

import java.util.ArrayList;
import java.util.List;

import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's beans replace ours: {@link LogfireHttpClientTracingAutoConfiguration}. */
class BackOffTest {

	@Test
	void httpClientTracingBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.full(), "logfireClientHttpRequestInterceptor",
				OwnInterceptor.class, LogfireClientHttpRequestInterceptor.class);
		LogfireContextRunners.full().withUserConfiguration(OwnInterceptor.class).run((context) -> {
			List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
			context.getBean("plainClient", RestClient.class).mutate().requestInterceptors(interceptors::addAll);
			assertThat(interceptors).containsExactly(context.getBean(LogfireClientHttpRequestInterceptor.class));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnInterceptor {

		@Bean
		LogfireClientHttpRequestInterceptor ownInterceptor(OpenTelemetry openTelemetry) {
			return new LogfireClientHttpRequestInterceptor(
					new ClientSpans(List.of(), List.of(), () -> openTelemetry));
		}

		@Bean
		RestClient plainClient() {
			return RestClient.create();
		}

	}

}
