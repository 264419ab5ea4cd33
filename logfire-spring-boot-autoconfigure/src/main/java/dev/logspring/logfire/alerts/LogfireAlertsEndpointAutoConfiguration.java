package dev.logspring.logfire.alerts;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code logfirealerts} actuator endpoint, with actuator on the classpath and alerts
 * configured (expose it with {@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = LogfireAlertsAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(AlertEvaluator.class)
public final class LogfireAlertsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	LogfireAlertsEndpoint logfireAlertsEndpoint(AlertEvaluator evaluator) {
		return new LogfireAlertsEndpoint(evaluator);
	}

}
