package dev.logspring.logfire.explorer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's user API as a real web application: its requests are the traffic the explorer's
 * tests look at.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ExplorerTestApplication {

	@RestController
	static class UserApi {

		private final Map<String, String> users = new ConcurrentHashMap<>();

		private final Logfire logfire;

		UserApi(Logfire logfire) {
			this.logfire = logfire;
		}

		@PostMapping("/users/")
		ResponseEntity<String> create(@RequestBody String email) {
			if (this.users.putIfAbsent(email, email) != null) {
				return ResponseEntity.badRequest().body("exists");
			}
			this.logfire.info("created user {email}", Map.of("email", email));
			return ResponseEntity.status(HttpStatus.CREATED).body(email);
		}

		@GetMapping("/users/{email}")
		ResponseEntity<String> get(@PathVariable String email) {
			String user = this.users.get(email);
			return (user != null) ? ResponseEntity.ok(user) : ResponseEntity.notFound().build();
		}

		@GetMapping("/users/")
		List<String> list() {
			try (LogfireSpan span = this.logfire.span("loading users")) {
				this.logfire.info("loaded {count} users", Map.of("count", this.users.size()));
				return List.copyOf(this.users.keySet());
			}
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			throw new IllegalStateException("order service unavailable");
		}

	}

}
