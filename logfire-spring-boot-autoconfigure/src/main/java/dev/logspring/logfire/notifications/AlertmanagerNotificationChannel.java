package dev.logspring.logfire.notifications;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import dev.logspring.logfire.api.NotificationFailedException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts alerts to Prometheus Alertmanager's v2 API ({@code POST /api/v2/alerts}), to every
 * configured Alertmanager, as Prometheus does for a highly available cluster. The labels
 * identify the alert across replicas ({@code alertname}, {@code service}, {@code environment},
 * {@code severity} and the configured extra labels), so Alertmanager deduplicates and groups
 * what several instances send; the instance is only an annotation. A firing alert is re-sent
 * every {@link #resendInterval()} with {@code endsAt} pushed further out (an instance that stops
 * renewing lets it expire); a resolution sets {@code endsAt} to now.
 */
public final class AlertmanagerNotificationChannel implements NotificationChannel {

	public static final String NAME = "alertmanager";

	/** How many resend intervals a firing alert lives without renewal, as Prometheus allows. */
	static final int RENEWALS_BEFORE_EXPIRY = 4;

	private final List<URI> alertsUrls;

	private final Map<String, String> headers;

	private final Map<String, String> labels;

	private final @Nullable String instance;

	private final Supplier<@Nullable String> generatorUrl;

	private final Duration resendInterval;

	private final JsonPoster poster;

	private final Clock clock;

	/**
	 * @param baseUrls each Alertmanager's URL ({@code /api/v2/alerts} is added to it)
	 * @param headers sent with each request (authorization)
	 * @param labels the labels every alert carries besides {@code alertname} and {@code severity}
	 * @param instance this instance, as the {@code instance} annotation
	 * @param generatorUrl the link back to this instance, or {@code null} when there is none
	 */
	AlertmanagerNotificationChannel(List<URI> baseUrls, Map<String, String> headers, Map<String, String> labels,
			@Nullable String instance, Supplier<@Nullable String> generatorUrl, Duration resendInterval, JsonPoster poster,
			Clock clock) {
		this.alertsUrls = baseUrls.stream().map(AlertmanagerNotificationChannel::alertsUrl).toList();
		this.headers = Map.copyOf(headers);
		this.labels = new LinkedHashMap<>(labels);
		this.instance = instance;
		this.generatorUrl = generatorUrl;
		this.resendInterval = resendInterval;
		this.poster = poster;
		this.clock = clock;
	}

	private static URI alertsUrl(URI base) {
		String url = base.toString();
		return URI.create((url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/v2/alerts");
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Duration resendInterval() {
		return this.resendInterval;
	}

	/**
	 * Posts to every Alertmanager; when some refuse or cannot be reached, fails naming them
	 * (a retry posts to all again, which Alertmanager takes as a renewal).
	 */
	@Override
	public void send(AlertNotification notification) throws Exception {
		byte[] body = JsonMapper.shared().writeValueAsBytes(List.of(alert(notification, this.clock.instant())));
		List<String> failures = new ArrayList<>();
		boolean retryable = false;
		for (URI url : this.alertsUrls) {
			String alertmanager = "Alertmanager at " + url.getHost() + ((url.getPort() != -1) ? ":" + url.getPort() : "");
			try {
				this.poster.post(alertmanager, url, body, this.headers);
			}
			catch (NotificationFailedException ex) {
				failures.add(ex.getMessage());
				retryable |= ex.isRetryable();
			}
			catch (IOException ex) {
				failures.add(alertmanager + " could not be reached (" + ex.getClass().getSimpleName() + ")");
				retryable = true;
			}
		}
		if (!failures.isEmpty()) {
			throw new NotificationFailedException(String.join("; ", failures)
					+ ((failures.size() < this.alertsUrls.size()) ? " (the other Alertmanagers accepted it)" : ""),
					retryable);
		}
	}

	/** One alert of the v2 API's {@code PostableAlerts}. */
	Map<String, Object> alert(AlertNotification notification, Instant now) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("alertname", notification.alert());
		labels.putAll(this.labels);
		labels.put("severity", notification.severity());
		Map<String, String> annotations = new LinkedHashMap<>();
		annotations.put("summary", notification.title());
		annotations.put("description", notification.summary());
		annotations.put("threshold", notification.comparison() + " " + notification.thresholdText());
		annotations.put("value", notification.valueText());
		annotations.put("window", notification.window());
		if (this.instance != null) {
			annotations.put("instance", this.instance);
		}
		boolean firing = notification.state() == AlertNotification.State.FIRING;
		Instant startsAt = (notification.since() != null) ? notification.since() : notification.time();
		Instant endsAt = firing ? now.plus(this.resendInterval.multipliedBy(RENEWALS_BEFORE_EXPIRY)) : now;
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("labels", labels);
		alert.put("annotations", annotations);
		// Alertmanager refuses an end before the start
		alert.put("startsAt", (startsAt.isAfter(endsAt) ? endsAt : startsAt).truncatedTo(ChronoUnit.MILLIS).toString());
		alert.put("endsAt", endsAt.truncatedTo(ChronoUnit.MILLIS).toString());
		String generatorUrl = this.generatorUrl.get();
		if (generatorUrl != null) {
			alert.put("generatorURL", generatorUrl);
		}
		return alert;
	}

	@Override
	public String toString() {
		return "AlertmanagerNotificationChannel";
	}

}
