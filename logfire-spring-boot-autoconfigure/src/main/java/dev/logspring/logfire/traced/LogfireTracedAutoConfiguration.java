package dev.logspring.logfire.traced;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.LogfireProperties;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Applies {@code @Traced} through an infrastructure advisor, which Spring's auto-proxy creator
 * picks up without AspectJ on the classpath.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
public final class LogfireTracedAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static TracedPointcutAdvisor logfireTracedAdvisor(ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<LogfireProperties> properties) {
		// The advisor is created early, with the post-processors: resolve its collaborators lazily.
		LazyTracedInterceptor interceptor = new LazyTracedInterceptor(() -> new TracedMethodInterceptor(
				openTelemetry.getObject().getTracer(Logfire.INSTRUMENTATION_NAME), properties.getObject().getMinLevel(),
				properties.getObject().getMaxEventSize(), properties.getObject().isRecordThreadUsage()));
		return new TracedPointcutAdvisor(interceptor);
	}

	/**
	 * Makes sure an auto-proxy creator exists even when Boot's AOP auto-configuration is off.
	 * Registers Spring's own creator only if none is there: nothing to back off from.
	 */
	@Bean
	static BeanFactoryPostProcessor logfireAutoProxyCreatorRegistrar() {
		return (beanFactory) -> {
			if (beanFactory instanceof BeanDefinitionRegistry registry) {
				AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
			}
		};
	}

}
