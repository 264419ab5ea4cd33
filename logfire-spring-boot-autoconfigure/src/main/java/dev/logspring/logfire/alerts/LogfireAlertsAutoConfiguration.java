package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.notifications.LogfireNotificationsConfiguration;
import dev.logspring.logfire.notifications.LogfireNotificationsProperties;
import dev.logspring.logfire.notifications.NotificationDispatcher;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Alerts declared under {@code logfire.alerts}: present only when at least one is. Spans reach
 * the alerts through a {@code SpanExporter} bean (a consumer of the span pipeline), recorded
 * metrics through a {@code MetricReader} bean (only when an alert reads one), and one
 * background thread evaluates them.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class,
		afterName = "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration")
@ConditionalOnLogfireEnabled
@Conditional(LogfireAlertsAutoConfiguration.AlertsConfigured.class)
@EnableConfigurationProperties({ LogfireAlertsProperties.class, LogfireNotificationsProperties.class })
@Import(LogfireNotificationsConfiguration.class)
public final class LogfireAlertsAutoConfiguration {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("deployment.environment.name");

	@Bean
	@ConditionalOnMissingBean
	AlertRegistry logfireAlertRegistry(LogfireAlertsProperties properties) {
		return new AlertRegistry(properties.getAlerts());
	}

	/** A consumer of the span pipeline: HTTP server spans (and named spans) feed the windows. */
	@Bean
	@ConditionalOnMissingBean
	AlertSpanExporter logfireAlertSpanExporter(AlertRegistry registry) {
		return new AlertSpanExporter(registry.monitors());
	}

	/** The alert panel of the local explorer's dashboard, when the explorer runs. */
	@Bean
	@ConditionalOnMissingBean
	AlertsForExplorer logfireAlertsForExplorer(AlertRegistry registry) {
		return new AlertsForExplorer(registry);
	}

	/** Registered on the meter provider only when an alert reads a recorded metric. */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(MetricAlertsConfigured.class)
	AlertMetricReader logfireAlertMetricReader() {
		return new AlertMetricReader();
	}

	@Bean
	@ConditionalOnMissingBean
	AlertEvaluator logfireAlertEvaluator(AlertRegistry registry, ObjectProvider<AlertMetricReader> metricReader,
			NotificationDispatcher dispatcher, ObjectProvider<Logfire> logfire, ObjectProvider<Resource> resource,
			LogfireAlertsProperties properties) {
		Duration interval = properties.getAlerting().getEvaluationInterval();
		if (interval == null || interval.toMillis() <= 0) {
			throw new InvalidConfigurationPropertyValueException("logfire.alerting.evaluation-interval", String.valueOf(interval),
					"a duration of at least 1ms, such as 5s");
		}
		return new AlertEvaluator(registry.monitors(), metricReader.getIfAvailable(), dispatcher,
				() -> logfire.getIfAvailable(Logfire::global), service(resource.getIfAvailable()), interval);
	}

	/** "orders (prod)": the service name and its environment, as messages name the application. */
	private static String service(@Nullable Resource resource) {
		String name = (resource != null) ? resource.getAttribute(SERVICE_NAME) : null;
		String environment = (resource != null) ? resource.getAttribute(ENVIRONMENT) : null;
		String service = (name != null) ? name : "the application";
		return (environment != null) ? service + " (" + environment + ")" : service;
	}

	private static Map<String, Object> alerts(ConditionContext context) {
		return Binder.get(context.getEnvironment())
			.bind("logfire.alerts", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
	}

	static final class AlertsConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return alerts(context).isEmpty() ? ConditionOutcome.noMatch("no logfire.alerts")
					: ConditionOutcome.match("logfire.alerts are configured");
		}

	}

	static final class MetricAlertsConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			for (Map.Entry<String, Object> alert : alerts(context).entrySet()) {
				if (alert.getValue() instanceof Map<?, ?> settings && settings.get("metric") != null
						&& !AlertMetric.isBuiltIn(String.valueOf(settings.get("metric")))) {
					return ConditionOutcome.match("logfire.alerts." + alert.getKey() + " reads a recorded metric");
				}
			}
			return ConditionOutcome.noMatch("no alert reads a recorded metric");
		}

	}

}
