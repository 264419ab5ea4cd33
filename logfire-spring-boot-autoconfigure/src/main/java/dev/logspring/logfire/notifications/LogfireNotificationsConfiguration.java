package dev.logspring.logfire.notifications;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

import dev.logspring.logfire.api.NotificationChannel;
import dev.logspring.logfire.api.NotificationFailedException;
import dev.logspring.logfire.config.RuntimeSettingCondition;
import dev.logspring.logfire.explorer.ExplorerDashboardLink;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.util.StringUtils;

/**
 * Notification channels and the dispatcher that feeds them, imported by the alerts
 * auto-configuration. Each built-in channel is created when its
 * {@code logfire.notifications.<channel>} section is configured, and checked then: a missing or
 * malformed URL, e-mail without recipients or without a mail server, or an unknown SSL bundle
 * stops startup naming the property. {@link NotificationChannel} beans of the application are channels too.
 */
@Configuration(proxyBeanMethods = false)
public class LogfireNotificationsConfiguration {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("deployment.environment.name");

	private static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("service.instance.id");

	private static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

	/** Labels the Alertmanager channel sets itself. */
	private static final List<String> RESERVED_LABELS = List.of("alertname", "service", "environment", "severity");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	@Bean
	@ConditionalOnMissingBean
	NotificationDispatcher logfireNotificationDispatcher(LogfireNotificationsProperties properties,
			ObjectProvider<NotificationChannel> channels, Environment environment) {
		List<NotificationChannel> all = channels.orderedStream().toList();
		Set<String> names = new HashSet<>();
		for (NotificationChannel channel : all) {
			if (!names.add(channel.name())) {
				throw new IllegalStateException("Two notification channels are named '" + channel.name() + "'");
			}
		}
		if (!names.contains(EmailNotificationChannel.NAME)
				&& isConfigured(Binder.get(environment), EmailNotificationChannel.NAME)) {
			throw missingMailServer(); // the mail classes are missing
		}
		return new NotificationDispatcher(all, retryPolicy(properties));
	}

	private static RetryPolicy retryPolicy(LogfireNotificationsProperties properties) {
		LogfireNotificationsProperties.Retry retry = properties.getRetry();
		requirePositive("logfire.notifications.timeout", properties.getTimeout());
		if (retry.getMaxAttempts() < 1) {
			throw new InvalidConfigurationPropertyValueException("logfire.notifications.retry.max-attempts",
					String.valueOf(retry.getMaxAttempts()), "a whole number of at least 1 (the first attempt included)");
		}
		requirePositive("logfire.notifications.retry.initial-delay", retry.getInitialDelay());
		requirePositive("logfire.notifications.retry.max-delay", retry.getMaxDelay());
		if (!(retry.getMultiplier() >= 1.0)) {
			throw new InvalidConfigurationPropertyValueException("logfire.notifications.retry.multiplier",
					String.valueOf(retry.getMultiplier()), "a number of at least 1.0");
		}
		return RetryPolicy.builder()
			.maxRetries(retry.getMaxAttempts() - 1)
			.delay(retry.getInitialDelay())
			.multiplier(retry.getMultiplier())
			.maxDelay(retry.getMaxDelay())
			.predicate((failure) -> !(failure instanceof NotificationFailedException refused) || refused.isRetryable())
			.build();
	}

	private static void requirePositive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, String.valueOf(value), "a duration above 0 (e.g. 1s)");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(SlackConfigured.class)
	@Nullable SlackNotificationChannel logfireSlackNotificationChannel(LogfireNotificationsProperties properties,
			Environment environment) {
		if (!new SlackConfigured().holdsAtStartup(environment)) {
			return null;
		}
		URI url = httpUrl("logfire.notifications.slack.webhook-url", properties.getSlack().getWebhookUrl(),
				"the incoming webhook URL Slack gives (https://hooks.slack.com/services/...)");
		return new SlackNotificationChannel(url, new JsonPoster(properties.getTimeout()));
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(WebhookConfigured.class)
	@Nullable WebhookNotificationChannel logfireWebhookNotificationChannel(LogfireNotificationsProperties properties,
			Environment environment) {
		if (!new WebhookConfigured().holdsAtStartup(environment)) {
			return null;
		}
		LogfireNotificationsProperties.Webhook webhook = properties.getWebhook();
		URI url = httpUrl("logfire.notifications.webhook.url", webhook.getUrl(), "an absolute http:// or https:// URL");
		String secret = StringUtils.hasText(webhook.getSecret()) ? webhook.getSecret() : null;
		if (secret != null && !StringUtils.hasText(webhook.getSignatureHeader())) {
			throw new InvalidConfigurationPropertyValueException("logfire.notifications.webhook.signature-header",
					String.valueOf(webhook.getSignatureHeader()), "a header name such as "
							+ WebhookNotificationChannel.DEFAULT_SIGNATURE_HEADER);
		}
		return new WebhookNotificationChannel(url, secret, webhook.getSignatureHeader(), webhook.getHeaders(),
				new JsonPoster(properties.getTimeout()));
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(AlertmanagerConfigured.class)
	@Nullable AlertmanagerNotificationChannel logfireAlertmanagerNotificationChannel(LogfireNotificationsProperties properties,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<Resource> resource,
			ObjectProvider<ExplorerDashboardLink> explorer, Environment environment) {
		if (!new AlertmanagerConfigured().holdsAtStartup(environment)) {
			return null;
		}
		String prefix = "logfire.notifications.alertmanager";
		LogfireNotificationsProperties.Alertmanager alertmanager = properties.getAlertmanager();
		if (alertmanager.getUrls().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".urls", "",
					"one or more Alertmanager URLs, such as http://alertmanager:9093");
		}
		List<URI> urls = new ArrayList<>();
		for (int i = 0; i < alertmanager.getUrls().size(); i++) {
			String property = prefix + ".urls[" + i + "]";
			String accepted = "an Alertmanager's absolute http:// or https:// URL, without user:password "
					+ "(set " + prefix + ".username and .password instead)";
			URI url = httpUrl(property, alertmanager.getUrls().get(i), accepted);
			if (url.getRawUserInfo() != null) {
				throw new InvalidConfigurationPropertyValueException(property, "(hidden)", accepted);
			}
			urls.add(url);
		}
		requirePositive(prefix + ".resend-interval", alertmanager.getResendInterval());
		Resource attributes = resource.getIfAvailable(Resource::getDefault);
		ExplorerDashboardLink dashboard = explorer.getIfAvailable();
		return new AlertmanagerNotificationChannel(urls, authorization(prefix, alertmanager),
				labels(prefix, alertmanager, attributes), instance(attributes),
				(dashboard != null) ? dashboard::url : () -> null, alertmanager.getResendInterval(),
				new JsonPoster(properties.getTimeout(), sslContext(prefix, alertmanager, sslBundles)), Clock.systemUTC());
	}

	/** The labels that identify an alert across replicas, besides its name and severity. */
	private static Map<String, String> labels(String prefix, LogfireNotificationsProperties.Alertmanager alertmanager,
			Resource attributes) {
		Map<String, String> labels = new LinkedHashMap<>();
		String service = attributes.getAttribute(SERVICE_NAME);
		labels.put("service", (service != null) ? service : "unknown_service");
		String environment = attributes.getAttribute(ENVIRONMENT);
		if (StringUtils.hasText(environment)) {
			labels.put("environment", environment);
		}
		alertmanager.getLabels().forEach((name, value) -> {
			if (!LABEL_NAME.matcher(name).matches() || RESERVED_LABELS.contains(name)) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".labels." + name, String.valueOf(value),
						"labels named like Prometheus labels ([a-zA-Z_][a-zA-Z0-9_]*), other than "
								+ String.join(", ", RESERVED_LABELS) + ", which the starter sets");
			}
			labels.put(name, value);
		});
		return labels;
	}

	/** "host (service.instance.id)": which replica sent the alert, as an annotation. */
	private static @Nullable String instance(Resource attributes) {
		String instance = attributes.getAttribute(INSTANCE_ID);
		String host = attributes.getAttribute(HOST_NAME);
		return (host == null) ? instance : (instance != null) ? host + " (" + instance + ")" : host;
	}

	private static Map<String, String> authorization(String prefix,
			LogfireNotificationsProperties.Alertmanager alertmanager) {
		boolean basic = StringUtils.hasText(alertmanager.getUsername()) || StringUtils.hasText(alertmanager.getPassword());
		if (StringUtils.hasText(alertmanager.getBearerToken())) {
			if (basic) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".bearer-token", "(hidden)",
						"either a bearer token or a username and password, not both");
			}
			return Map.of("Authorization", "Bearer " + alertmanager.getBearerToken().trim());
		}
		if (!basic) {
			return Map.of();
		}
		if (!StringUtils.hasText(alertmanager.getUsername())) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".username", "", "the user name that goes with the password");
		}
		if (alertmanager.getPassword() == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".password", "", "the password that goes with the username");
		}
		String credentials = alertmanager.getUsername() + ":" + alertmanager.getPassword();
		return Map.of("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
	}

	private static @Nullable SSLContext sslContext(String prefix, LogfireNotificationsProperties.Alertmanager alertmanager,
			ObjectProvider<SslBundles> sslBundles) {
		String bundle = alertmanager.getSslBundle();
		if (!StringUtils.hasText(bundle)) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		try {
			if (bundles != null) {
				return bundles.getBundle(bundle.trim()).createSslContext();
			}
		}
		catch (NoSuchSslBundleException ex) {
			// reported below
		}
		throw new InvalidConfigurationPropertyValueException(prefix + ".ssl-bundle", bundle,
				"the name of an SSL bundle configured under spring.ssl.bundle.jks.* or spring.ssl.bundle.pem.*");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JavaMailSender.class)
	static class EmailChannelConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Conditional(EmailConfigured.class)
		@Nullable EmailNotificationChannel logfireEmailNotificationChannel(LogfireNotificationsProperties properties,
				ObjectProvider<JavaMailSender> mailSender, Environment environment) {
			if (!new EmailConfigured().holdsAtStartup(environment)) {
				return null;
			}
			LogfireNotificationsProperties.Email email = properties.getEmail();
			List<String> to = email.getTo().stream().filter(StringUtils::hasText).map(String::trim).toList();
			if (to.isEmpty()) {
				throw new InvalidConfigurationPropertyValueException("logfire.notifications.email.to", String.valueOf(email.getTo()),
						"one or more e-mail addresses");
			}
			JavaMailSender sender = mailSender.getIfUnique();
			if (sender == null) {
				throw missingMailServer();
			}
			return new EmailNotificationChannel(sender, to,
					StringUtils.hasText(email.getFrom()) ? email.getFrom().trim() : null);
		}

	}

	/** E-mail alerts are configured but there is no {@link JavaMailSender} to send them. */
	static InvalidConfigurationPropertyValueException missingMailServer() {
		return new InvalidConfigurationPropertyValueException("spring.mail.host", "",
				"the SMTP server's host (with spring.mail.port, username, password as needed, and "
						+ "spring-boot-starter-mail on the classpath): logfire.notifications.email sends through "
						+ "Spring's JavaMailSender");
	}

	private static URI httpUrl(String property, @Nullable String value, String accepted) {
		if (StringUtils.hasText(value)) {
			try {
				URI uri = new URI(value.trim());
				String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
				if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
					return uri;
				}
			}
			catch (Exception ex) {
				// reported below
			}
		}
		// the value may hold a secret token: show only whether it was set
		throw new InvalidConfigurationPropertyValueException(property, StringUtils.hasText(value) ? "(hidden)" : "", accepted);
	}

	/** Whether a section {@code logfire.notifications.<channel>} holds any property and is not disabled. */
	static boolean isConfigured(Binder binder, String channel) {
		Map<String, Object> section = binder
			.bind("logfire.notifications." + channel, Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		return !section.isEmpty() && !"false".equalsIgnoreCase(String.valueOf(section.get("enabled")).trim());
	}

	/**
	 * Webhook URLs and mail settings are often given only where the application runs: an
	 * application processed ahead of time decides when it starts (null bean when not configured).
	 */
	private abstract static class ChannelConfigured extends RuntimeSettingCondition {

		private final String channel;

		ChannelConfigured(String channel) {
			this.channel = channel;
		}

		@Override
		protected ConditionOutcome outcome(Environment environment) {
			return isConfigured(Binder.get(environment), this.channel)
					? ConditionOutcome.match("logfire.notifications." + this.channel + " is configured")
					: ConditionOutcome.noMatch("logfire.notifications." + this.channel + " is not configured or disabled");
		}

	}

	static final class SlackConfigured extends ChannelConfigured {

		SlackConfigured() {
			super(SlackNotificationChannel.NAME);
		}

	}

	static final class WebhookConfigured extends ChannelConfigured {

		WebhookConfigured() {
			super(WebhookNotificationChannel.NAME);
		}

	}

	static final class AlertmanagerConfigured extends ChannelConfigured {

		AlertmanagerConfigured() {
			super(AlertmanagerNotificationChannel.NAME);
		}

	}

	static final class EmailConfigured extends ChannelConfigured {

		EmailConfigured() {
			super(EmailNotificationChannel.NAME);
		}

	}

}
