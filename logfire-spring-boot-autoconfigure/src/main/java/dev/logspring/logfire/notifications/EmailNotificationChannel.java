package dev.logspring.logfire.notifications;

import java.util.List;

import dev.logspring.logfire.api.AlertNotification;
import dev.logspring.logfire.api.NotificationChannel;
import org.jspecify.annotations.Nullable;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends each notification as a plain-text e-mail through Spring's {@link JavaMailSender}
 * (configured with {@code spring.mail.*}).
 */
public final class EmailNotificationChannel implements NotificationChannel {

	public static final String NAME = "email";

	private final JavaMailSender mailSender;

	private final List<String> to;

	private final @Nullable String from;

	EmailNotificationChannel(JavaMailSender mailSender, List<String> to, @Nullable String from) {
		this.mailSender = mailSender;
		this.to = List.copyOf(to);
		this.from = from;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public void send(AlertNotification notification) {
		SimpleMailMessage message = new SimpleMailMessage();
		if (this.from != null) {
			message.setFrom(this.from);
		}
		message.setTo(this.to.toArray(String[]::new));
		message.setSubject(notification.title());
		message.setText(notification.body());
		this.mailSender.send(message);
	}

}
