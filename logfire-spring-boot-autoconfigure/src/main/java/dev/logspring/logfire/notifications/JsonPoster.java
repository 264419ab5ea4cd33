package dev.logspring.logfire.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

import dev.logspring.logfire.api.NotificationFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Posts a JSON body with the JDK's HTTP client, for the Slack, webhook and Alertmanager channels. Any answer
 * but 2xx is a {@link NotificationFailedException}, retryable for 408, 429 and 5xx. Messages
 * never contain the URL: webhook URLs are secrets.
 */
final class JsonPoster {

	private static final int MAX_ERROR_BODY = 200;

	private final HttpClient client;

	private final Duration timeout;

	JsonPoster(Duration timeout) {
		this(timeout, null);
	}

	/** With {@code sslContext} (from an SSL bundle) for https URLs, or the JDK's default when {@code null}. */
	JsonPoster(Duration timeout, @Nullable SSLContext sslContext) {
		HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
		if (sslContext != null) {
			client.sslContext(sslContext);
		}
		this.client = client.build();
		this.timeout = timeout;
	}

	void post(String channel, URI uri, byte[] body, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "logfire-spring-boot-starter");
		headers.forEach(request::header);
		HttpResponse<String> response = this.client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.ofString());
		int status = response.statusCode();
		if (status / 100 != 2) {
			String answer = response.body();
			if (answer != null && answer.length() > MAX_ERROR_BODY) {
				answer = answer.substring(0, MAX_ERROR_BODY) + "...";
			}
			throw new NotificationFailedException(channel + " answered HTTP " + status
					+ ((answer != null && !answer.isBlank()) ? ": " + answer.strip() : ""),
					status == 408 || status == 429 || status >= 500);
		}
	}

}
