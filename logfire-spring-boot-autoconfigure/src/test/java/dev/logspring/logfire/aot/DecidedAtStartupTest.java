package dev.logspring.logfire.aot;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.console.ConsoleSpanProcessor;
import dev.logspring.logfire.explorer.ExplorerSpanExporter;
import dev.logspring.logfire.explorer.ExplorerStore;
import dev.logspring.logfire.http.ExcludedServerUrls;
import dev.logspring.logfire.notifications.NotificationDispatcher;
import dev.logspring.logfire.notifications.SlackNotificationChannel;
import dev.logspring.logfire.pipeline.LogfireSpanPipeline;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings often given only where the application runs (a token, {@code LOGFIRE_CONSOLE}, a
 * notification channel's webhook URL) still decide when the application was processed ahead of
 * time. Here the bean definitions are those AOT processing generates (the system property
 * Spring's AOT processors set while they run) and the context starts in AOT mode with the
 * run-time settings.
 */
@ExtendWith(OutputCaptureExtension.class)
class DecidedAtStartupTest {

	// The explorer keeps its default (on without a token): the runner leaves it to the settings.
	private final ApplicationContextRunner processedApplication = LogfireContextRunners.application()
		.withSystemProperties("spring.aot.processing=true", "spring.aot.enabled=true");

	@Test
	void aTokenGivenAtStartTurnsTheExplorerOff() {
		try (OtlpReceiver logfire = new OtlpReceiver()) {
			this.processedApplication
				.withPropertyValues("logfire.token=pylf_v1_us_secret", "logfire.base-url=" + logfire.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBeanFactory().containsBeanDefinition("logfireExplorerStore")).isTrue();
					assertThat(context.getBeanProvider(ExplorerStore.class).getIfAvailable()).isNull();
					// The explorer's own paths are not excluded from tracing (the configured exclusions are).
					assertThat(context.getBeanProvider(ExcludedServerUrls.class)
						.stream()
						.flatMap((exclusions) -> exclusions.patterns().stream()))
						.noneMatch((pattern) -> pattern.matcher("/logfire/api/query").find());
					assertThat(context.getBean(LogfireSpanPipeline.class).consumers()).noneSatisfy(
							(consumer) -> assertThat(consumer.exporter()).isInstanceOf(ExplorerSpanExporter.class));
				});
		}
	}

	@Test
	void withoutATokenAtStartTheExplorerRuns() {
		this.processedApplication.run((context) -> {
			assertThat(context.getBeanProvider(ExplorerStore.class).getIfAvailable()).isNotNull();
			assertThat(context.getBean(LogfireSpanPipeline.class).consumers()).anySatisfy(
					(consumer) -> assertThat(consumer.exporter()).isInstanceOf(ExplorerSpanExporter.class));
		});
	}

	@Test
	void aNotificationChannelIsCreatedWhenItsSettingsAreGivenAtStart() {
		ApplicationContextRunner withAlerts = this.processedApplication.withPropertyValues(
				"logfire.alerts.high_error_rate.metric=error_rate", "logfire.alerts.high_error_rate.threshold=0.05");
		withAlerts.run((context) -> {
			assertThat(context.getBeanFactory().containsBeanDefinition("logfireSlackNotificationChannel")).isTrue();
			assertThat(context.getBeanProvider(SlackNotificationChannel.class).getIfAvailable()).isNull();
			assertThat(context.getBean(NotificationDispatcher.class).channelNames()).isEmpty();
		});
		withAlerts.withPropertyValues("logfire.notifications.slack.webhook-url=https://hooks.slack.com/services/T/B/x")
			.run((context) -> assertThat(context.getBean(NotificationDispatcher.class).channelNames())
				.containsExactly(SlackNotificationChannel.NAME));
	}

	@Test
	void theConsoleFollowsItsSettingAtStart(CapturedOutput output) {
		this.processedApplication.withPropertyValues("logfire.console.enabled=false").run((context) -> {
			assertThat(context.getBeanFactory().containsBeanDefinition("logfireConsoleSpanProcessor")).isTrue();
			assertThat(context.getBeanProvider(ConsoleSpanProcessor.class).getIfAvailable()).isNull();
			context.getBean(Logfire.class).info("silent after processing");
		});
		assertThat(output.getOut()).doesNotContain("silent after processing");
		this.processedApplication.withPropertyValues("logfire.console.enabled=true", "logfire.console.colors=never")
			.run((context) -> context.getBean(Logfire.class).info("printed after processing"));
		assertThat(output.getOut()).contains("printed after processing");
	}

}
