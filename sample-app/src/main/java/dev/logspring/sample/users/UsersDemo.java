package dev.logspring.sample.users;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs scenario 2 once at startup, as a user with {@code curl} would: sign-ups (one refused),
 * look-ups (one missing) and the list. The JDK's HTTP client is used on purpose: it adds no
 * trace headers, so each request starts its own trace on the server. The application then
 * keeps serving.
 */
@Component
@Order(2)
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "demo.users.enabled", matchIfMissing = true)
class UsersDemo implements ApplicationRunner {

	private final HttpClient http = HttpClient.newHttpClient();

	private final Environment environment;

	private final Logfire logfire;

	UsersDemo(Environment environment, Logfire logfire) {
		this.environment = environment;
		this.logfire = logfire;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		String base = "http://localhost:" + this.environment.getProperty("local.server.port");
		post(base + "/users", "{\"email\": \"alice@example.com\", \"name\": \"Alice\"}");
		post(base + "/users", "{\"email\": \"bob@example.com\", \"name\": \"Bob\"}");
		post(base + "/users", "{\"email\": \"alice@example.com\", \"name\": \"Alice again\"}");
		get(base + "/users/alice@example.com");
		get(base + "/users/nobody@example.com");
		get(base + "/users");
		this.logfire.info("user API listening: curl {url}", Map.of("url", base + "/users"));
	}

	private void post(String url, String json) throws IOException, InterruptedException {
		send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private void get(String url) throws IOException, InterruptedException {
		send(HttpRequest.newBuilder(URI.create(url)).GET().build());
	}

	private void send(HttpRequest request) throws IOException, InterruptedException {
		this.http.send(request, HttpResponse.BodyHandlers.discarding());
	}

}
