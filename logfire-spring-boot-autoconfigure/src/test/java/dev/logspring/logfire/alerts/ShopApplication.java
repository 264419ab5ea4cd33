package dev.logspring.logfire.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.logspring.logfire.testsupport.RecordingSpanExporter;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real Spring MVC application on a random port, with a healthy, a failing and a slow
 * endpoint, and the traffic to drive it.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@RestController
class ShopApplication {

	/** Properties every alert test needs: fast export, no console, no metric push to a collector. */
	static final Map<String, Object> BASE_PROPERTIES = Map.of("server.port", "0", "spring.application.name", "shop",
			"logfire.console.enabled", "false", "logfire.export.schedule-delay", "50ms",
			"management.otlp.metrics.export.enabled", "false");

	@Bean
	RecordingSpanExporter recordingSpanExporter() {
		return new RecordingSpanExporter();
	}

	@GetMapping("/orders")
	String orders() {
		return "[]";
	}

	@GetMapping("/checkout")
	ResponseEntity<String> checkout() {
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("payment service down");
	}

	@GetMapping("/report")
	String report(@RequestParam long millis) throws InterruptedException {
		// A slow endpoint: the latency alert needs requests that really take this long.
		Thread.sleep(millis);
		return "done";
	}

	static ConfigurableApplicationContext start(Map<String, Object> properties) {
		Map<String, Object> all = new java.util.HashMap<>(BASE_PROPERTIES);
		all.putAll(properties);
		return new SpringApplicationBuilder(ShopApplication.class).properties(all).run();
	}

	/** The last notification of the application's first alert, {@code null} before the first. */
	static AlertStatus.Notification lastNotification(ConfigurableApplicationContext context) {
		return context.getBean(AlertEvaluator.class).statuses().get(0).lastNotification();
	}

	/** Sends requests to a running {@link ShopApplication}. */
	static final class Traffic implements AutoCloseable {

		private final HttpClient client = HttpClient.newHttpClient();

		private final ExecutorService pool = Executors.newCachedThreadPool();

		private final String baseUrl;

		Traffic(ConfigurableApplicationContext context) {
			this.baseUrl = "http://127.0.0.1:"
					+ ((WebServerApplicationContext) context).getWebServer().getPort();
		}

		int get(String path) {
			return send(path, HttpResponse.BodyHandlers.discarding()).statusCode();
		}

		String body(String path) {
			return send(path, HttpResponse.BodyHandlers.ofString()).body();
		}

		private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> body) {
			try {
				return this.client.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).build(), body);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** Sends {@code path} repeatedly for {@code duration}, a few milliseconds apart. */
		void sendFor(String path, Duration duration) {
			long end = System.nanoTime() + duration.toNanos();
			while (System.nanoTime() < end) {
				get(path);
				pause(5);
			}
		}

		/** Sends {@code path} repeatedly in the background until the returned handle is closed. */
		AutoCloseable sendInBackground(String path) {
			return sendInBackground(path, 5);
		}

		/** Sends {@code path} repeatedly in the background, {@code pauseMillis} apart, until closed. */
		AutoCloseable sendInBackground(String path, long pauseMillis) {
			java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
			Future<?> loop = this.pool.submit(() -> {
				while (running.get()) {
					get(path);
					pause(pauseMillis);
				}
			});
			return () -> {
				running.set(false);
				loop.get();
			};
		}

		private static void pause(long millis) {
			try {
				// Paces simulated users: the alert windows need traffic spread over time, not a burst.
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() {
			this.pool.shutdownNow();
		}

	}

}
