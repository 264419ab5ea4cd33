package dev.logspring.sample.users;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Signs users up and looks them up; the seed's user API, instrumented the Logfire way. */
@Service
public class UserService {

	private final UserRepository users;

	private final WelcomeNotifier notifier;

	private final Logfire logfire;

	public UserService(UserRepository users, WelcomeNotifier notifier, Logfire logfire) {
		this.users = users;
		this.notifier = notifier;
		this.logfire = logfire;
	}

	public User register(NewUser request) {
		String email = request.email().trim().toLowerCase();
		// A nested span inside the handler's SERVER span.
		try (LogfireSpan span = this.logfire.span("checking that {email} is free", Map.of("email", email))) {
			boolean taken = this.users.exists(email);
			span.setAttribute("taken", taken);
			if (taken) {
				this.logfire.warn("sign-up refused: {email} is already registered", Map.of("email", email));
				throw new EmailAlreadyRegisteredException(email);
			}
		}
		User user;
		try {
			user = this.users.insert(email, request.name());
		}
		catch (DuplicateKeyException ex) {
			throw new EmailAlreadyRegisteredException(email);
		}
		// A structured log: the e-mail is an attribute, not just text.
		this.logfire.info("user registered {email}", Map.of("email", email, "user_id", user.id()));
		// Baggage: copied onto every span below, here and in the notification service.
		try (var baggage = this.logfire.baggage(Map.of("user_id", user.id()))) {
			this.notifier.welcome(user);
		}
		return user;
	}

	public Optional<User> find(String email) {
		return this.users.findByEmail(email.trim().toLowerCase());
	}

	public List<User> all() {
		return this.users.findAll();
	}

}
