package dev.logspring.logfire.testsupport;

import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back-off check of every auto-configuration: our bean is there on its own, and gives way
 * to the application's bean of the same type, which is then the only one.
 */
public final class BackOff {

	private BackOff() {
	}

	public static <R extends AbstractApplicationContextRunner<R, C, A>, C extends ConfigurableApplicationContext, A extends ApplicationContextAssertProvider<C>> void assertBacksOff(
			R runner, String ourBean, Class<?> userConfiguration, Class<?> replaceableType) {
		runner.run((context) -> assertThat(context).hasNotFailed().hasBean(ourBean));
		runner.withUserConfiguration(userConfiguration)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ourBean)
				.hasSingleBean(replaceableType));
	}

}
