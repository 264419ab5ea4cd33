package dev.logspring.logfire.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notification channels for alerts, under {@code logfire.notifications.*}. A channel is on as
 * soon as any of its properties is set (and {@code enabled} is not false); an alert that names
 * a channel that is not configured still fires, is logged, and skips that channel.
 */
@ConfigurationProperties("logfire.notifications")
public class LogfireNotificationsProperties {

	/** Slack incoming webhook (channel name: slack). */
	private Slack slack;

	/** Generic JSON webhook (channel name: webhook). */
	private Webhook webhook;

	/** E-mail through Spring's JavaMailSender, configured with spring.mail.* (channel name: email). */
	private Email email;

	/** Longest time one HTTP notification (Slack, webhook) may take. */
	private Duration timeout = Duration.ofSeconds(10);

	private final Retry retry = new Retry();

	public static class Slack {

		/** Whether the channel is used. */
		private boolean enabled = true;

		/** The incoming webhook URL Slack gives (https://hooks.slack.com/services/...); a secret. */
		private String webhookUrl;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getWebhookUrl() {
			return this.webhookUrl;
		}

		public void setWebhookUrl(String webhookUrl) {
			this.webhookUrl = webhookUrl;
		}

	}

	public static class Webhook {

		/** Whether the channel is used. */
		private boolean enabled = true;

		/** URL that receives each notification as a JSON POST. */
		private String url;

		/** Secret for the HMAC-SHA256 signature of the body; no signature without it. */
		private String secret;

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

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
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
		private String from;

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

		public String getFrom() {
			return this.from;
		}

		public void setFrom(String from) {
			this.from = from;
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

	public Slack getSlack() {
		return this.slack;
	}

	public void setSlack(Slack slack) {
		this.slack = slack;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	public void setWebhook(Webhook webhook) {
		this.webhook = webhook;
	}

	public Email getEmail() {
		return this.email;
	}

	public void setEmail(Email email) {
		this.email = email;
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
