package dev.logspring.sample.users;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The seed's user API. No tracing code here: every request becomes a SERVER span named after
 * its route ({@code GET /users/{email}}), 4xx answers are warnings, and the exceptions turned
 * into answers are recorded on the span.
 */
@RestController
@RequestMapping("/users")
public class UserController {

	private final UserService users;

	public UserController(UserService users) {
		this.users = users;
	}

	@PostMapping
	public ResponseEntity<User> register(@RequestBody NewUser request) {
		if (request.email() == null || !request.email().contains("@") || request.name() == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "an e-mail and a name are required");
		}
		User user = this.users.register(request);
		return ResponseEntity.created(URI.create("/users/" + user.email())).body(user);
	}

	@GetMapping("/{email}")
	public User find(@PathVariable String email) {
		return this.users.find(email)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no user " + email));
	}

	@GetMapping
	public List<User> all() {
		return this.users.all();
	}

	@ExceptionHandler(EmailAlreadyRegisteredException.class)
	ProblemDetail alreadyRegistered(EmailAlreadyRegisteredException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
