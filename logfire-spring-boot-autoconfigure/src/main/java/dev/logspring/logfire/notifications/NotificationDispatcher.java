package dev.logspring.logfire.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import dev.logspring.logfire.api.NotificationFailedException;
import dev.logspring.logfire.internal.TelemetryErrors;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Hands notifications to channels without ever making the caller wait: each channel has one
 * background thread and a bounded queue (a full queue drops and records the delivery), and a
 * failing delivery is retried with exponential backoff by Spring's {@link RetryTemplate}, on
 * that channel's thread only, so a slow or broken channel does not hold up the others. For a
 * channel with a {@link NotificationChannel#resendInterval() resend interval}, the last firing
 * notification of each alert is queued again at that interval until the alert resolves.
 * <p>
 * The threads start and stop with the application context: a notification dispatched before
 * {@link #start()} or after {@link #stop()} is dropped.
 */
public final class NotificationDispatcher implements SmartLifecycle {

	/**
	 * Starts before and stops after the alert evaluator (in the default phase), the only one that
	 * dispatches, so that its last notifications still go out.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	/** Notifications waiting per channel; more are dropped. */
	static final int QUEUE_CAPACITY = 64;

	private static final long SHUTDOWN_GRACE_MILLIS = 2000;

	private final Map<String, Worker> workers = new LinkedHashMap<>();

	/** Queues the renewals of firing alerts while running; only when a channel asks for them. */
	private volatile @Nullable ScheduledExecutorService resender;

	private volatile boolean running;

	public NotificationDispatcher(List<NotificationChannel> channels, RetryPolicy retryPolicy) {
		RetryTemplate retryTemplate = new RetryTemplate(retryPolicy);
		channels.forEach((channel) -> this.workers.put(channel.name(), new Worker(channel, retryTemplate)));
	}

	/** Starts each channel's thread, and the renewals of firing alerts for the channels that want them. */
	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.workers.values().forEach(Worker::start);
		List<Worker> resending = this.workers.values().stream().filter(Worker::resends).toList();
		if (!resending.isEmpty()) {
			ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "logfire-notify-resend");
				thread.setDaemon(true);
				return thread;
			});
			for (Worker worker : resending) {
				long millis = worker.channel.resendInterval().toMillis();
				resender.scheduleWithFixedDelay(worker::resendFiring, millis, millis, TimeUnit.MILLISECONDS);
			}
			this.resender = resender;
		}
		this.running = true;
	}

	/** The names of the channels that deliver. */
	public Set<String> channelNames() {
		return this.workers.keySet();
	}

	/**
	 * Queues {@code notification} for each named channel and returns right away with one
	 * {@link Delivery} per channel, updated as delivery goes on. A name without a channel is
	 * recorded as skipped.
	 */
	public List<Delivery> dispatch(AlertNotification notification, List<String> channelNames) {
		List<Delivery> deliveries = new ArrayList<>();
		for (String name : channelNames) {
			Delivery delivery = new Delivery(name);
			Worker worker = this.workers.get(name);
			if (worker == null) {
				delivery.finish(Delivery.Status.SKIPPED, "the channel is not configured");
			}
			else {
				worker.submit(notification, delivery);
			}
			deliveries.add(delivery);
		}
		return deliveries;
	}

	/** Lets queued notifications go out for a moment, then stops every channel's thread. */
	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		ScheduledExecutorService resender = this.resender;
		if (resender != null) {
			resender.shutdownNow();
			this.resender = null;
		}
		List<ThreadPoolExecutor> executors = this.workers.values().stream().map(Worker::stop).toList();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MILLIS);
		try {
			for (ThreadPoolExecutor executor : executors) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || !executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
					executor.shutdownNow();
				}
			}
		}
		catch (InterruptedException ex) {
			executors.forEach(ThreadPoolExecutor::shutdownNow);
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private static final class Worker {

		private final NotificationChannel channel;

		private final RetryTemplate retryTemplate;

		/** This channel's thread and queue while the dispatcher runs, a stopped one otherwise. */
		private volatile ThreadPoolExecutor executor;

		/** The last firing notification of each alert, by alert name, while it fires; guarded by this. */
		private final Map<String, AlertNotification> firing = new LinkedHashMap<>();

		Worker(NotificationChannel channel, RetryTemplate retryTemplate) {
			this.channel = channel;
			this.retryTemplate = retryTemplate;
			this.executor = newExecutor();
			this.executor.shutdown();
		}

		/** Threads start with the first notification, not here. */
		private ThreadPoolExecutor newExecutor() {
			return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
					(task) -> {
						Thread thread = new Thread(task, "logfire-notify-" + this.channel.name());
						thread.setDaemon(true);
						return thread;
					});
		}

		void start() {
			this.executor = newExecutor();
		}

		/** Takes no more notifications; returns the executor to wait for. */
		ThreadPoolExecutor stop() {
			ThreadPoolExecutor executor = this.executor;
			executor.shutdown();
			return executor;
		}

		boolean resends() {
			Duration interval = this.channel.resendInterval();
			return interval != null && interval.toMillis() > 0;
		}

		// synchronized with resendFiring: a renewal queued after the resolution would revive the alert
		synchronized void submit(AlertNotification notification, Delivery delivery) {
			if (resends()) {
				if (notification.state() == AlertNotification.State.FIRING) {
					this.firing.put(notification.alert(), notification);
				}
				else {
					this.firing.remove(notification.alert());
				}
			}
			try {
				this.executor.execute(() -> deliver(notification, delivery));
			}
			catch (RejectedExecutionException ex) {
				delivery.finish(Delivery.Status.DROPPED, "the channel's queue is full or it has stopped");
			}
		}

		/** Queues every firing alert again; a full queue skips this round, the next one tries again. */
		synchronized void resendFiring() {
			for (AlertNotification notification : this.firing.values()) {
				try {
					this.executor.execute(() -> deliver(notification, new Delivery(this.channel.name())));
				}
				catch (RejectedExecutionException ex) {
					return;
				}
			}
		}

		private void deliver(AlertNotification notification, Delivery delivery) {
			try {
				this.retryTemplate.execute(() -> {
					delivery.attempts.incrementAndGet();
					this.channel.send(notification);
					return null;
				});
				delivery.finish(Delivery.Status.DELIVERED, null);
			}
			catch (RetryException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				delivery.finish(Delivery.Status.FAILED, describe(cause));
				TelemetryErrors.report("the " + this.channel.name() + " notification channel", cause);
			}
			catch (RuntimeException ex) {
				delivery.finish(Delivery.Status.FAILED, describe(ex));
				TelemetryErrors.report("the " + this.channel.name() + " notification channel", ex);
			}
		}

		private static @Nullable String describe(Throwable failure) {
			return (failure instanceof NotificationFailedException) ? failure.getMessage()
					: failure.getClass().getSimpleName() + ": " + failure.getMessage();
		}

	}

	/** How one notification fares on one channel; updated from the channel's thread. */
	public static final class Delivery {

		public enum Status {

			PENDING, DELIVERED, FAILED, DROPPED, SKIPPED

		}

		private final String channel;

		private final AtomicInteger attempts = new AtomicInteger();

		private volatile Status status = Status.PENDING;

		private volatile @Nullable String error;

		private volatile @Nullable Instant finishedAt;

		Delivery(String channel) {
			this.channel = channel;
		}

		void finish(Status status, @Nullable String error) {
			this.error = error;
			this.finishedAt = Instant.now();
			this.status = status;
		}

		public String channel() {
			return this.channel;
		}

		public Status status() {
			return this.status;
		}

		public int attempts() {
			return this.attempts.get();
		}

		/** Why it failed, was dropped or skipped; {@code null} otherwise. */
		public @Nullable String error() {
			return this.error;
		}

		public @Nullable Instant finishedAt() {
			return this.finishedAt;
		}

	}

}
