package dev.logspring.logfire.http;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.logspring.logfire.api.Logfire;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.baggage.Baggage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * Two real services for the HTTP tests: A (the front) calls B (the back) through every kind of
 * Spring HTTP client.
 */
final class TwoServices {

	private TwoServices() {
	}

	static class OrderConflictException extends RuntimeException {

		OrderConflictException(String message) {
			super(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ServiceB.Endpoints.class)
	static class ServiceB {

		@RestController
		static class Endpoints {

			private final Logfire logfire;

			Endpoints(Logfire logfire) {
				this.logfire = logfire;
			}

			@GetMapping("/b/greet/{name}")
			Map<String, String> greet(@PathVariable String name) {
				this.logfire.info("greeting {name}", Map.of("name", name));
				String userId = Baggage.current().getEntryValue("user_id");
				return Map.of("greeting", "hello " + name, "user_id", String.valueOf(userId));
			}

			/** Spring MVC runs the callable on the application's task executor, then dispatches again. */
			@GetMapping("/b/async/{name}")
			Callable<String> async(@PathVariable String name) {
				return () -> {
					// Simulated work: the server span must still be open when the handler ends later.
					Thread.sleep(50);
					this.logfire.info("async handler {name}", Map.of("name", name));
					return "done " + name;
				};
			}

			@GetMapping("/b/fail")
			String fail() {
				throw new IllegalStateException("database on fire");
			}

			@GetMapping("/b/missing/{id}")
			String missing(@PathVariable String id) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id);
			}

			@GetMapping("/b/conflict")
			String conflict() {
				throw new OrderConflictException("order 7 is already paid");
			}

			@GetMapping("/b/excluded")
			String excluded() {
				this.logfire.info("work inside an excluded request");
				return "ok";
			}

			@ExceptionHandler(OrderConflictException.class)
			ProblemDetail onConflict(OrderConflictException ex) {
				return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ServiceA.Endpoints.class)
	static class ServiceA {

		/** Built without Boot's builder: instrumented by the bean post-processor. */
		@Bean
		RestClient plainRestClient(@Value("${service-b.url}") String serviceB) {
			return RestClient.builder().baseUrl(serviceB).build();
		}

		/** Built without Boot's builder: instrumented by the bean post-processor. */
		@Bean
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

		/** Built without Boot's builder: instrumented by the bean post-processor. */
		@Bean
		WebClient plainWebClient(@Value("${service-b.url}") String serviceB) {
			return WebClient.create(serviceB);
		}

		@RestController
		static class Endpoints {

			private final Logfire logfire;

			private final RestClient restClient;

			private final RestTemplate restTemplate;

			private final RestClient plainRestClient;

			private final RestTemplate plainRestTemplate;

			private final WebClient webClient;

			private final WebClient plainWebClient;

			/** Built by hand with the observation registry, neither a bean nor from Boot's builder. */
			private final RestClient unmanagedRestClient;

			private final String serviceB;

			Endpoints(Logfire logfire, RestClient.Builder builder, RestTemplateBuilder restTemplateBuilder,
					WebClient.Builder webClientBuilder, @Qualifier("plainRestClient") RestClient plainRestClient,
					@Qualifier("plainRestTemplate") RestTemplate plainRestTemplate,
					@Qualifier("plainWebClient") WebClient plainWebClient, @Value("${service-b.url}") String serviceB,
					ObjectProvider<ObservationRegistry> observations) {
				this.logfire = logfire;
				this.restClient = builder.baseUrl(serviceB).build();
				this.restTemplate = restTemplateBuilder.build();
				this.plainRestClient = plainRestClient;
				this.plainRestTemplate = plainRestTemplate;
				this.webClient = webClientBuilder.baseUrl(serviceB).build();
				this.plainWebClient = plainWebClient;
				this.unmanagedRestClient = RestClient.builder()
					.baseUrl(serviceB)
					.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
					.build();
				this.serviceB = serviceB;
			}

			@GetMapping("/a/relay/{name}")
			Map<?, ?> relay(@PathVariable String name) {
				try (var scope = this.logfire.baggage(Map.of("user_id", "u-42"))) {
					return this.restClient.get().uri("/b/greet/{name}", name).retrieve().body(Map.class);
				}
			}

			@GetMapping("/a/relay-template/{name}")
			Map<?, ?> relayWithTemplate(@PathVariable String name) {
				return this.restTemplate.getForObject(this.serviceB + "/b/greet/{name}", Map.class, name);
			}

			@GetMapping("/a/relay-plain/{name}")
			Map<?, ?> relayWithPlainClient(@PathVariable String name) {
				return this.plainRestClient.get().uri("/b/greet/{name}", name).retrieve().body(Map.class);
			}

			@GetMapping("/a/relay-plain-template/{name}")
			Map<?, ?> relayWithPlainTemplate(@PathVariable String name) {
				return this.plainRestTemplate.getForObject(this.serviceB + "/b/greet/{name}", Map.class, name);
			}

			@GetMapping("/a/relay-unmanaged/{name}")
			Map<?, ?> relayWithUnmanagedClient(@PathVariable String name) {
				return this.unmanagedRestClient.get().uri("/b/greet/{name}", name).retrieve().body(Map.class);
			}

			@GetMapping("/a/relay-webclient/{name}")
			Map<?, ?> relayWithWebClient(@PathVariable String name) {
				return this.webClient.get().uri("/b/greet/{name}", name).retrieve().bodyToMono(Map.class).block();
			}

			@GetMapping("/a/relay-plain-webclient/{name}")
			Map<?, ?> relayWithPlainWebClient(@PathVariable String name) {
				return this.plainWebClient.get().uri("/b/greet/{name}", name).retrieve().bodyToMono(Map.class).block();
			}

			@GetMapping("/a/secret")
			Map<?, ?> secret() {
				return this.restClient.get()
					.uri("/b/greet/s?api_key={key}&page=2", "s3cr3t-value")
					.retrieve()
					.body(Map.class);
			}

			@GetMapping("/a/missing")
			ResponseEntity<String> missing() {
				try {
					return ResponseEntity.ok(this.restClient.get().uri("/b/missing/9").retrieve().body(String.class));
				}
				catch (HttpClientErrorException ex) {
					return ResponseEntity.status(ex.getStatusCode()).body("not found downstream");
				}
			}

			@GetMapping("/a/unreachable/{port}")
			ResponseEntity<String> unreachable(@PathVariable int port) {
				try {
					return ResponseEntity.ok(this.restClient.get()
						.uri("http://127.0.0.1:" + port + "/nothing")
						.retrieve()
						.body(String.class));
				}
				catch (ResourceAccessException ex) {
					return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body("unreachable");
				}
			}

		}

	}

}
