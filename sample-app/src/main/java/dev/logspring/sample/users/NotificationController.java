package dev.logspring.sample.users;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plays the notification service the user API calls over HTTP. Its SERVER span continues the
 * caller's trace from the {@code traceparent} header, and carries the caller's baggage.
 */
@RestController
public class NotificationController {

	private final Logfire logfire;

	public NotificationController(Logfire logfire) {
		this.logfire = logfire;
	}

	@PostMapping("/notifications/welcome")
	public ResponseEntity<Void> welcome(@RequestBody Map<String, String> message) {
		this.logfire.info("welcome e-mail queued for {email}", Map.of("email", String.valueOf(message.get("email"))));
		return ResponseEntity.accepted().build();
	}

}
