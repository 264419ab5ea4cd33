package dev.logspring.sample.users;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the notification service to welcome a new user, over HTTP through Boot's
 * {@code RestClient.Builder}: the call is a CLIENT span, and the trace context and baggage
 * travel in its headers to the notification endpoint, whose SERVER span continues the trace.
 * The notification service is played by an endpoint of this same application, reached on
 * its own port (or on {@code demo.notifications.url}).
 */
@Component
public class WelcomeNotifier {

	private final RestClient restClient;

	private final Environment environment;

	private final Logfire logfire;

	public WelcomeNotifier(RestClient.Builder builder, Environment environment, Logfire logfire) {
		this.restClient = builder.build();
		this.environment = environment;
		this.logfire = logfire;
	}

	public void welcome(User user) {
		try {
			this.restClient.post()
				.uri(notificationsUrl() + "/notifications/welcome")
				.body(Map.of("email", user.email(), "name", user.name()))
				.retrieve()
				.toBodilessEntity();
		}
		catch (RestClientException ex) {
			// The sign-up stands even when the welcome e-mail cannot be sent.
			this.logfire.exception("could not send the welcome e-mail to {email}", ex, Map.of("email", user.email()));
		}
	}

	private String notificationsUrl() {
		return this.environment.getProperty("demo.notifications.url",
				"http://localhost:" + this.environment.getProperty("local.server.port", "8080"));
	}

}
