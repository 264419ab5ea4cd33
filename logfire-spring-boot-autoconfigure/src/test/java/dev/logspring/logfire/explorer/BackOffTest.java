package dev.logspring.logfire.explorer;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.explorer.ExplorerAutoConfigurationTest.UserStore;
import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application's beans replace ours: {@link LogfireExplorerAutoConfiguration},
 * {@link LogfireExplorerWebAutoConfiguration}.
 */
class BackOffTest {

	@Test
	void explorerBacksOff() {
		BackOff.assertBacksOff(LogfireContextRunners.application(), "logfireExplorerStore", UserStore.class,
				ExplorerStore.class);
		LogfireContextRunners.application().withUserConfiguration(UserStore.class).run((context) -> {
			context.getBean(Logfire.class).info("kept in the application's store");
			ExplorerStore own = context.getBean(UserStore.class).store;
			await().until(() -> own.stats().ingestedSpans() > 0);
		});
	}

	/** Router functions add up, so the dashboard's routes are replaced by their name. */
	@Test
	void explorerWebBacksOff() {
		WebApplicationContextRunner runner = LogfireContextRunners.servletWeb()
			.withPropertyValues("logfire.explorer.enabled=true")
			.withClassLoader(new FilteredClassLoader(ExplorerManagementContextConfiguration.MANAGEMENT_CONTEXT_CLASS));
		runner.run((context) -> assertThat(context).hasNotFailed()
			.getBean("logfireExplorerRoutes")
			.isInstanceOf(RouterFunction.class));
		runner.withUserConfiguration(OwnRoutes.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean("logfireExplorerRoutes")
				.isSameAs(context.getBean(OwnRoutes.class).routes));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRoutes {

		final RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET("/logfire", (request) -> ServerResponse.ok().body("the application's own dashboard"))
			.build();

		@Bean
		RouterFunction<ServerResponse> logfireExplorerRoutes() {
			return this.routes;
		}

	}

}
