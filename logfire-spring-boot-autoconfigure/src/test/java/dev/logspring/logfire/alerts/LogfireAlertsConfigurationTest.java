package dev.logspring.logfire.alerts;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.logspring.logfire.alerts.LogfireAlertsProperties.Comparison;
import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import dev.logspring.logfire.notifications.NotificationDispatcher;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.pipeline.QueuedSpanConsumer;
import dev.logspring.logfire.testsupport.FailureAnalyses;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How alerts are configured: the article's YAML as written, the beans that exist (and only when
 * alerts do), and invalid settings stopping startup with a report naming the property.
 */
class LogfireAlertsConfigurationTest {

	private final ApplicationContextRunner runner = LogfireContextRunners.full()
		.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class));

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theArticlesAlertsWorkAsWrittenInYaml(CapturedOutput output) {
		this.runner.withInitializer((context) -> {
			try {
				new YamlPropertySourceLoader().load("article", new ClassPathResource("alerts/article-alerts.yml"))
					.forEach(context.getEnvironment().getPropertySources()::addFirst);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			List<AlertDefinition> alerts = context.getBean(AlertRegistry.class)
				.monitors()
				.stream()
				.map(AlertMonitor::definition)
				.toList();
			assertThat(alerts).hasSize(2);
			AlertDefinition errors = alerts.get(0);
			assertThat(errors.name()).isEqualTo("high_error_rate");
			assertThat(errors.metric().name()).isEqualTo("error_rate");
			assertThat(errors.threshold()).isEqualTo(0.05);
			assertThat(errors.comparison()).isEqualTo(Comparison.ABOVE);
			assertThat(errors.window()).isEqualTo(Duration.ofSeconds(60));
			assertThat(errors.channels()).containsExactly("slack", "email");
			assertThat(errors.rule()).isEqualTo("error rate above 5% over 1m");
			AlertDefinition latency = alerts.get(1);
			assertThat(latency.name()).isEqualTo("slow_response");
			assertThat(latency.metric().describe()).isEqualTo("p95 latency");
			assertThat(latency.window()).isEqualTo(Duration.ofMinutes(5));
			assertThat(latency.rule()).isEqualTo("p95 latency above 1000 ms over 5m");
			// alerts read the span stream as one of the pipeline's consumers
			assertThat(context.getBean(LogfireSpanPipeline.class).consumers()).extracting(QueuedSpanConsumer::exporter)
				.contains(context.getBean(AlertSpanExporter.class));
			// no alert reads a recorded metric: no extra aggregation in the SDK
			assertThat(context).doesNotHaveBean(AlertMetricReader.class);
			// channels stay off until configured, and startup says how to turn them on
			assertThat(output).contains("Alert 'high_error_rate' notifies 'slack', which is not configured")
				.contains("Configure logfire.notifications.email to send them.");
		});
	}

	@Test
	void windowsAndCooldownsAcceptSecondsAndDurations() {
		this.runner
			.withPropertyValues("logfire.alerts.a.metric=error_rate", "logfire.alerts.a.threshold=0.1",
					"logfire.alerts.a.window=90", "logfire.alerts.a.cooldown=45", "logfire.alerts.b.metric=request_rate",
					"logfire.alerts.b.threshold=1", "logfire.alerts.b.comparison=below", "logfire.alerts.b.window=5m",
					"logfire.alerts.b.cooldown=250ms")
			.run((context) -> {
				List<AlertDefinition> alerts = context.getBean(AlertRegistry.class)
					.monitors()
					.stream()
					.map(AlertMonitor::definition)
					.toList();
				assertThat(alerts.get(0).window()).isEqualTo(Duration.ofSeconds(90));
				assertThat(alerts.get(0).cooldown()).isEqualTo(Duration.ofSeconds(45));
				assertThat(alerts.get(1).window()).isEqualTo(Duration.ofMinutes(5));
				assertThat(alerts.get(1).cooldown()).isEqualTo(Duration.ofMillis(250));
				assertThat(alerts.get(1).comparison()).isEqualTo(Comparison.BELOW);
			});
	}

	@Test
	void withoutAlertsNothingIsCreated() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(AlertEvaluator.class)
			.doesNotHaveBean(SpanExporter.class)
			.doesNotHaveBean(MetricReader.class)
			.doesNotHaveBean(NotificationDispatcher.class)
			.doesNotHaveBean(LogfireAlertsEndpoint.class));
	}

	@Test
	void aDisabledStarterEvaluatesNoAlerts() {
		this.runner.withPropertyValues("logfire.enabled=false", "logfire.alerts.a.metric=error_rate",
				"logfire.alerts.a.threshold=0.1")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AlertEvaluator.class));
	}

	@Test
	void anAlertOnARecordedMetricRegistersAMetricReader() {
		this.runner
			.withPropertyValues("logfire.alerts.accuracy.metric=model_accuracy", "logfire.alerts.accuracy.aggregation=avg",
					"logfire.alerts.accuracy.threshold=0.8", "logfire.alerts.accuracy.comparison=below")
			.run((context) -> assertThat(context).hasSingleBean(AlertMetricReader.class));
	}

	@Test
	void theEndpointExistsWhenExposedAndActuatorIsPresent() {
		ApplicationContextRunner alerts = this.runner.withPropertyValues("logfire.alerts.a.metric=error_rate",
				"logfire.alerts.a.threshold=0.1");
		alerts.run((context) -> assertThat(context).doesNotHaveBean(LogfireAlertsEndpoint.class));
		alerts.withPropertyValues("management.endpoints.web.exposure.include=logfirealerts")
			.run((context) -> assertThat(context).hasSingleBean(LogfireAlertsEndpoint.class));
		alerts.withPropertyValues("management.endpoints.web.exposure.include=logfirealerts")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LogfireAlertsEndpoint.class));
	}

	@Test
	void aNotificationChannelBeanIsAChannelAlertsCanName() {
		NotificationChannel pager = new NotificationChannel() {

			@Override
			public String name() {
				return "pager";
			}

			@Override
			public void send(AlertNotification notification) {
			}

		};
		ApplicationContextRunner alerts = this.runner.withPropertyValues("logfire.alerts.a.metric=error_rate",
				"logfire.alerts.a.threshold=0.1", "logfire.alerts.a.channels=pager");
		alerts.withBean("pager", NotificationChannel.class, () -> pager)
			.run((context) -> assertThat(context.getBean(NotificationDispatcher.class).channelNames())
				.containsExactly("pager"));
		alerts.run((context) -> {
			FailureAnalysis analysis = FailureAnalyses.logfire(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'logfire.alerts.a.channels[0]'").contains("'pager'");
			assertThat(analysis.getAction()).contains("slack", "webhook", "email");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"logfire.alerts.a.metric=eror_rate|logfire.alerts.a.metric|eror_rate|error_rate, p95_latency",
			"logfire.alerts.a.metric=model_accuracy,logfire.alerts.a.aggregation=median|logfire.alerts.a.aggregation|median|avg, min, max, sum, count",
			"logfire.alerts.a.metric=error_rate,logfire.alerts.a.aggregation=avg|logfire.alerts.a.aggregation|avg|built-in",
			"logfire.alerts.a.metric=model accuracy,logfire.alerts.a.aggregation=avg|logfire.alerts.a.metric|model accuracy|metric name",
			"logfire.alerts.a.metric=error_rate,logfire.alerts.a.threshold=|logfire.alerts.a.threshold|null|a number",
			"logfire.alerts.a.window=0|logfire.alerts.a.window|PT0S|at least 20 ms",
			"logfire.alerts.a.min-samples=0|logfire.alerts.a.min-samples|0|at least 1",
			"logfire.alerts.a.cooldown=-1|logfire.alerts.a.cooldown|PT-1S|0 or more",
			"logfire.alerts.a.channels=slakc|logfire.alerts.a.channels[0]|slakc|slack, webhook, email",
			"logfire.notifications.webhook.secret=s3cret|logfire.notifications.webhook.url||http:// or https://",
			"logfire.notifications.slack.webhook-url=hooks.slack.com/x|logfire.notifications.slack.webhook-url|(hidden)|hooks.slack.com",
			"logfire.notifications.email.to=ops@example.com|spring.mail.host||SMTP server",
			"logfire.notifications.email.from=alerts@example.com,spring.mail.host=localhost|logfire.notifications.email.to|[]|e-mail addresses",
			"logfire.notifications.retry.max-attempts=0|logfire.notifications.retry.max-attempts|0|at least 1",
			"logfire.alerting.evaluation-interval=0s|logfire.alerting.evaluation-interval|PT0S|at least 1ms",
			"logfire.alerts.a.severity= |logfire.alerts.a.severity||critical, warning or info",
			"logfire.notifications.alertmanager.resend-interval=1m|logfire.notifications.alertmanager.urls||Alertmanager URLs",
			"logfire.notifications.alertmanager.urls=alertmanager:9093|logfire.notifications.alertmanager.urls[0]|(hidden)|http:// or https://",
			"logfire.notifications.alertmanager.urls=http://am:s3cret@am:9093|logfire.notifications.alertmanager.urls[0]|(hidden)|without user:password",
			"logfire.notifications.alertmanager.urls=http://am:9093,logfire.notifications.alertmanager.username=u,logfire.notifications.alertmanager.bearer-token=t|logfire.notifications.alertmanager.bearer-token|(hidden)|not both",
			"logfire.notifications.alertmanager.urls=http://am:9093,logfire.notifications.alertmanager.password=p|logfire.notifications.alertmanager.username||user name",
			"logfire.notifications.alertmanager.urls=https://am:9093,logfire.notifications.alertmanager.ssl-bundle=amm|logfire.notifications.alertmanager.ssl-bundle|amm|spring.ssl.bundle",
			"logfire.notifications.alertmanager.urls=http://am:9093,logfire.notifications.alertmanager.labels.severity=page|logfire.notifications.alertmanager.labels.severity|page|which the starter sets",
			"logfire.notifications.alertmanager.urls=http://am:9093,logfire.notifications.alertmanager.labels.team-name=x|logfire.notifications.alertmanager.labels.team-name|x|[a-zA-Z_][a-zA-Z0-9_]*",
			"logfire.notifications.alertmanager.urls=http://am:9093,logfire.notifications.alertmanager.resend-interval=0s|logfire.notifications.alertmanager.resend-interval|PT0S|above 0" })
	void invalidSettingsAreReportedByName(String settings, String property, String value, String accepted) {
		this.runner.withPropertyValues("logfire.alerts.a.metric=error_rate", "logfire.alerts.a.threshold=0.1")
			.withPropertyValues(settings.split(","))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.logfire(context.getStartupFailure());
				assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
				assertThat(analysis.getDescription()).contains("'" + property + "'")
					.contains("'" + ((value != null) ? value : "") + "'");
				assertThat(analysis.getAction()).contains(property).contains(accepted);
			});
	}

	@Test
	void eMailWithoutSpringMailOnTheClasspathIsReported() {
		this.runner
			.withPropertyValues("logfire.alerts.a.metric=error_rate", "logfire.alerts.a.threshold=0.1",
					"logfire.notifications.email.to=ops@example.com", "spring.mail.host=localhost")
			.withClassLoader(new FilteredClassLoader("org.springframework.mail"))
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.logfire(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'spring.mail.host'");
				assertThat(analysis.getAction()).contains("spring-boot-starter-mail");
			});
	}

	@Test
	void anUnknownComparisonIsReportedByName() {
		this.runner
			.withPropertyValues("logfire.alerts.a.metric=error_rate", "logfire.alerts.a.threshold=0.1",
					"logfire.alerts.a.comparison=sideways")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.any(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("logfire.alerts.a.comparison").contains("sideways");
				assertThat(analysis.getAction()).contains("ABOVE").contains("BELOW");
			});
	}

}
