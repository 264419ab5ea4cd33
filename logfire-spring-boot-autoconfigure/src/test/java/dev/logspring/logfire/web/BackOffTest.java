package dev.logspring.logfire.web;

import java.util.List;

import dev.logspring.logfire.http.LogfireHttpProperties;
import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's beans replace ours: {@link LogfireWebMvcTracingAutoConfiguration},
 * {@link LogfireWebFluxTracingAutoConfiguration}.
 */
class BackOffTest {

	@Test
	void webMvcTracingBacksOff() {
		WebApplicationContextRunner runner = LogfireContextRunners.servletWeb();
		BackOff.assertBacksOff(runner, "logfireServerSpans", OwnServerSpans.class, ServerSpans.class);
		// Filters back off by the filter they register, whether the application registers it or not.
		runner.run((context) -> assertThat(context).hasBean("logfireServerSpanFilter")
			.hasBean("logfireServerTraceContextFilter"));
		runner.withUserConfiguration(OwnFilters.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean("logfireServerSpanFilter")
				.doesNotHaveBean("logfireServerTraceContextFilter");
			assertThat(context.getBean("ownSpanFilter", FilterRegistrationBean.class).getFilter())
				.isInstanceOf(ServerSpanFilter.class);
		});
	}

	@Test
	void webFluxTracingBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.reactiveWeb(), "logfireReactiveServerTracingHandler",
				OwnReactiveHandler.class, ReactiveServerTracingHandler.class);
	}

	private static ServerSpans serverSpans() {
		return ServerSpans.of(new LogfireHttpProperties().getServer(), List.of());
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnServerSpans {

		@Bean
		ServerSpans ownServerSpans() {
			return serverSpans();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFilters {

		@Bean
		FilterRegistrationBean<ServerSpanFilter> ownSpanFilter(OpenTelemetry openTelemetry) {
			return new FilterRegistrationBean<>(new ServerSpanFilter(serverSpans(), openTelemetry.getTracer("app")));
		}

		@Bean
		ServerTraceContextFilter ownTraceContextFilter(OpenTelemetry openTelemetry) {
			return new ServerTraceContextFilter(serverSpans(), openTelemetry.getPropagators().getTextMapPropagator(),
					true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReactiveHandler {

		@Bean
		ReactiveServerTracingHandler ownReactiveHandler(Tracer tracer, Propagator propagator,
				OpenTelemetry openTelemetry) {
			return new ReactiveServerTracingHandler(tracer, propagator, serverSpans(),
					openTelemetry.getPropagators().getTextMapPropagator(), true);
		}

	}

}
