package dev.logspring.logfire.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notification channels for alerts, under {@code logfire.notifications.*}. A channel is on as
 * soon as any of its properties is set (and {@code enabled} is not false); an alert that names
 * a channel that is not configured still fires, is logged, and skips that channel.
 */
@ConfigurationProperties("logfire.notifications")
public class LogfireNotificationsProperties {

	/** Slack incoming webhook (channel name: slack). */
	private @Nullable Slack slack;

	/** Generic JSON webhook (channel name: webhook). */
	private @Nullable Webhook webhook;

	/** E-mail through Spring's JavaMailSender, configured with spring.mail.* (channel name: email). */
	private @Nullable Email email;

	/** Prometheus Alertmanager: alerts of many instances deduplicated and grouped (channel name: alertmanager). */
	private @Nullable Alertmanager alertmanager;

	/** Longest time one HTTP notification (Slack, webhook, Alertmanager) may take. */
	private Duration timeout = Duration.ofSeconds(10);

	private final Retry retry = new Retry();

	public static class Slack {

		/** Whether the channel is used. */
		private boolean enabled = true;

		/** The incoming webhook URL Slack gives (https://hooks.slack.com/services/...); a secret. */
		private @Nullable String webhookUrl;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getWebhookUrl() {
			return this.webhookUrl;
		}

		public void setWebhookUrl(@Nullable String webhookUrl) {
			this.webhookUrl = webhookUrl;
		}

	}

	public static class Webhook {

		/** Whether the channel is used. */
		private boolean enabled = true;

		/** URL that receives each notification as a JSON POST. */
		private @Nullable String url;

		/** Secret for the HMAC-SHA256 signature of the body; no signature without it. */
		private @Nullable String secret;

		/** Header carrying the signature, as sha256=<hex>. */
		private String signatureHeader = "X-Logfire-Signature";

		/** Extra headers sent with each request (e.g. Authorization). */
		private Map<String, String> headers = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public String getSignatureHeader() {
			return this.signatureHeader;
		}

		public void setSignatureHeader(String signatureHeader) {
			this.signatureHeader = signatureHeader;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

	}

	public static class Email {

		/** Whether the channel is used. */
		private boolean enabled = true;

		/** Recipients. */
		private List<String> to = new ArrayList<>();

		/** Sender address; defaults to the mail session's (spring.mail.properties.mail.from). */
		private @Nullable String from;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getTo() {
			return this.to;
		}

		public void setTo(List<String> to) {
			this.to = to;
		}

		public @Nullable String getFrom() {
			return this.from;
		}

		public void setFrom(@Nullable String from) {
			this.from = from;
		}

	}

	public static class Alertmanager {

		/** Whether the channel is used. */
		private boolean enabled = true;

		/** Alertmanager URLs (e.g. http://alertmanager:9093); each one of a cluster receives every alert. */
		private List<String> urls = new ArrayList<>();

		/** User name for HTTP basic authentication. */
		private @Nullable String username;

		/** Password for HTTP basic authentication. */
		private @Nullable String password;

		/** Bearer token sent as the Authorization header (instead of basic authentication). */
		private @Nullable String bearerToken;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) that trusts the Alertmanagers' certificates
		 * (and holds a client certificate if they ask for one).
		 */
		private @Nullable String sslBundle;

		/**
		 * Extra labels every alert carries (e.g. team, cluster); alertname, service, environment and
		 * severity are set by the starter.
		 */
		private Map<String, String> labels = new LinkedHashMap<>();

		/**
		 * How often a firing alert is sent again; Alertmanager resolves an alert nobody renews for 4
		 * of these intervals.
		 */
		private Duration resendInterval = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getUrls() {
			return this.urls;
		}

		public void setUrls(List<String> urls) {
			this.urls = urls;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getBearerToken() {
			return this.bearerToken;
		}

		public void setBearerToken(@Nullable String bearerToken) {
			this.bearerToken = bearerToken;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

		public Map<String, String> getLabels() {
			return this.labels;
		}

		public void setLabels(Map<String, String> labels) {
			this.labels = labels;
		}

		public Duration getResendInterval() {
			return this.resendInterval;
		}

		public void setResendInterval(Duration resendInterval) {
			this.resendInterval = resendInterval;
		}

	}

	/** Backoff for failed notifications: initial-delay, then times multiplier, capped at max-delay. */
	public static class Retry {

		/** Attempts per notification and channel, the first included. */
		private int maxAttempts = 5;

		/** Wait before the first retry. */
		private Duration initialDelay = Duration.ofSeconds(1);

		/** Factor applied to the wait after each failure. */
		private double multiplier = 2.0;

		/** Longest wait between two attempts. */
		private Duration maxDelay = Duration.ofMinutes(1);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

	}

	public @Nullable Slack getSlack() {
		return this.slack;
	}

	public void setSlack(@Nullable Slack slack) {
		this.slack = slack;
	}

	public @Nullable Webhook getWebhook() {
		return this.webhook;
	}

	public void setWebhook(@Nullable Webhook webhook) {
		this.webhook = webhook;
	}

	public @Nullable Email getEmail() {
		return this.email;
	}

	public void setEmail(@Nullable Email email) {
		this.email = email;
	}

	public @Nullable Alertmanager getAlertmanager() {
		return this.alertmanager;
	}

	public void setAlertmanager(@Nullable Alertmanager alertmanager) {
		this.alertmanager = alertmanager;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Retry getRetry() {
		return this.retry;
	}

}
