package dev.logspring.logfire.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real web applications on random ports for HTTP tests, all exporting to one shared
 * {@link RecordingSpanExporter}, and a plain (uninstrumented) HTTP client to call them.
 */
public final class WebApps {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private WebApps() {
	}

	/** Starts {@code application} on a random port; {@code properties} are added to the defaults. */
	public static ConfigurableApplicationContext start(Class<?> application, RecordingSpanExporter exporter,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"logfire.console.enabled=false", "logfire.export.schedule-delay=50ms",
				"management.otlp.metrics.export.enabled=false", "logging.level.root=warn"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(application).properties(all.toArray(String[]::new))
			.initializers((context) -> context.getBeanFactory().registerSingleton("recordingSpanExporter", exporter))
			.run();
	}

	public static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + port(context);
	}

	/** A GET through the JDK client, which adds no trace headers of its own. */
	public static HttpResponse<String> get(String url, String... headerNamesAndValues) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
		if (headerNamesAndValues.length > 0) {
			request.headers(headerNamesAndValues);
		}
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A local port nothing listens on. */
	public static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
