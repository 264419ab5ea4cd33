package dev.logspring.logfire.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.AlertNotification.State;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.internal.TelemetryGuard;
import dev.logspring.logfire.notifications.NotificationDispatcher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;

/**
 * Evaluates every alert on one background thread at a fixed interval: reads the recorded
 * metrics alerts need, computes each alert's value over its window, and announces what
 * changed, as a Logfire log (warn when firing, info when resolved) and to the alert's
 * notification channels.
 */
final class AlertEvaluator implements SmartLifecycle {

	/** Channel names that are always known, configured or not. */
	static final List<String> BUILT_IN_CHANNELS = List.of("slack", "webhook", "email", "alertmanager");

	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	private final List<AlertMonitor> monitors;

	private final @Nullable AlertMetricReader metricReader;

	private final NotificationDispatcher dispatcher;

	private final Supplier<Logfire> logfire;

	private final String service;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService executor;

	private volatile @Nullable Instant startedAt;

	AlertEvaluator(List<AlertMonitor> monitors, @Nullable AlertMetricReader metricReader, NotificationDispatcher dispatcher,
			Supplier<Logfire> logfire, String service, Duration interval) {
		this.monitors = List.copyOf(monitors);
		this.metricReader = metricReader;
		this.dispatcher = dispatcher;
		this.logfire = logfire;
		this.service = service;
		this.interval = interval;
		checkChannels();
	}

	/** Unknown channel names stop startup; known channels that are not configured are reported once. */
	private void checkChannels() {
		Set<String> known = new LinkedHashSet<>(BUILT_IN_CHANNELS);
		known.addAll(this.dispatcher.channelNames());
		for (AlertMonitor monitor : this.monitors) {
			AlertDefinition definition = monitor.definition();
			for (int i = 0; i < definition.channels().size(); i++) {
				String channel = definition.channels().get(i);
				if (!known.contains(channel)) {
					throw new InvalidConfigurationPropertyValueException(definition.property() + ".channels[" + i + "]", channel,
							"one of " + String.join(", ", known));
				}
				if (!this.dispatcher.channelNames().contains(channel)) {
					logger.info("Alert '" + definition.name() + "' notifies '" + channel + "', which is not configured:"
							+ " its notifications will only be logged. Configure logfire.notifications." + channel
							+ " to send them.");
				}
			}
		}
	}

	@Override
	public void start() {
		this.startedAt = Instant.now();
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			// Records logged while evaluating or notifying (mail, HTTP clients) are not telemetry.
			Thread thread = new Thread(() -> {
				TelemetryGuard.markCurrentThread();
				task.run();
			}, "logfire-alerts");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this::evaluateSafely, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private void evaluateSafely() {
		try {
			evaluate(Instant.now());
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("alert evaluation", ex);
		}
	}

	void evaluate(Instant now) {
		if (this.metricReader != null) {
			this.metricReader.read(this.monitors, now.toEpochMilli());
		}
		for (AlertMonitor monitor : this.monitors) {
			boolean wholeWindowSeen = !now.isBefore(this.startedAt.plus(monitor.definition().window()));
			AlertMonitor.Announcement announcement = monitor.evaluate(now, wholeWindowSeen);
			if (announcement != null) {
				announce(monitor, announcement);
			}
		}
	}

	private void announce(AlertMonitor monitor, AlertMonitor.Announcement announcement) {
		AlertNotification notification = notification(monitor, announcement);
		log(notification);
		monitor.notified(new AlertMonitor.LastNotification(notification.state(), notification.time(),
				this.dispatcher.dispatch(notification, announcement.definition().channels())));
	}

	private AlertNotification notification(AlertMonitor monitor, AlertMonitor.Announcement announcement) {
		AlertDefinition definition = announcement.definition();
		AlertMetric metric = definition.metric();
		SlidingWindow.Snapshot snapshot = announcement.snapshot();
		List<AlertNotification.Contributor> top = new ArrayList<>();
		snapshot.top().forEach((label) -> top.add(new AlertNotification.Contributor(label.label(), label.hits(),
				label.samples())));
		return new AlertNotification(definition.name(), announcement.state(), definition.severity(), metric.name(), metric.describe(),
				announcement.value(), monitor.valueText(announcement.value(), snapshot), definition.threshold(),
				metric.format(definition.threshold()), definition.comparison().word(),
				Durations.describe(definition.window()), definition.window().toSeconds(), snapshot.count(),
				metric.sampleNoun(), top, this.service, announcement.since(), announcement.time());
	}

	private void log(AlertNotification notification) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("alert", notification.alert());
		attributes.put("description", notification.description());
		attributes.put("value", notification.valueText());
		attributes.put("comparison", notification.comparison());
		attributes.put("threshold", notification.thresholdText());
		attributes.put("window", notification.window());
		attributes.put("alert.state", notification.state().word());
		attributes.put("alert.metric", notification.metric());
		if (notification.value() != null) {
			attributes.put("alert.value", notification.value());
		}
		attributes.put("alert.threshold", notification.threshold());
		attributes.put("alert.samples", notification.samples());
		Logfire logfire = this.logfire.get().withTags("alert");
		if (notification.state() == State.FIRING) {
			logfire.warn("Alert {alert} firing: {description} is {value}, {comparison} {threshold} over the last {window}",
					attributes);
		}
		else {
			logfire.info("Alert {alert} resolved: {description} is {value} over the last {window}", attributes);
		}
	}

	List<AlertStatus> statuses() {
		return this.monitors.stream().map(AlertMonitor::status).toList();
	}

}
