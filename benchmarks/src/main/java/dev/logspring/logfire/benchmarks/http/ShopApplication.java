package dev.logspring.logfire.benchmarks.http;

import java.lang.management.ManagementFactory;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The application the HTTP and startup benchmarks run, with and without the starter on its
 * classpath: plain Spring code that knows nothing of Logfire, as a user's application would be
 * before adding the starter. {@code /hello} does nothing; {@code /chain/{id}} calls
 * {@code /items/{id}} on itself through {@code RestClient}.
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class ShopApplication {

	private final RestClient.Builder restClientBuilder;

	private volatile RestClient downstream;

	ShopApplication(RestClient.Builder restClientBuilder) {
		this.restClientBuilder = restClientBuilder;
	}

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@GetMapping("/items/{id}")
	Map<String, Object> item(@PathVariable String id) {
		return Map.of("id", id, "price", 42);
	}

	@GetMapping("/chain/{id}")
	String chain(@PathVariable String id) {
		return this.downstream.get().uri("/items/{id}", id).retrieve().body(String.class);
	}

	@EventListener
	void serverStarted(WebServerInitializedEvent event) {
		this.downstream = this.restClientBuilder.baseUrl("http://127.0.0.1:" + event.getWebServer().getPort()).build();
		System.out.println("PORT " + event.getWebServer().getPort());
	}

	/** Reports the startup time and the heap in use once settled; exits if asked to. */
	@EventListener
	void ready(ApplicationReadyEvent event) {
		long startupMillis = ManagementFactory.getRuntimeMXBean().getUptime();
		System.gc();
		System.gc();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		System.out.println("READY startupMs=" + startupMillis + " heapBytes=" + heap);
		if (event.getApplicationContext().getEnvironment().getProperty("benchmark.exit-when-ready", Boolean.class, false)) {
			System.exit(SpringApplication.exit(event.getApplicationContext()));
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(ShopApplication.class, args);
	}

}
