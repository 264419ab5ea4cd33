package dev.logspring.logfire.benchmarks.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.benchmarks.BenchmarkDefaults;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * The client side of a traced call chain on its own: one {@code RestClient} call from inside a
 * server span, with the starter's defaults (our interceptor traces the call on the OpenTelemetry
 * API, Spring Boot's client observation records its metrics), with the client observation switched
 * off (the interceptor alone), and untraced. The downstream is an in-memory
 * request factory, so only the client's own work is timed: span, attributes, header injection,
 * observation and metrics. Export runs on the SDK's threads and is not in these figures.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class ClientCallBenchmark {

	@Param({ "observation", "interceptor", "untraced" })
	public String client;

	private ConfigurableApplicationContext context;

	private RestClient restClient;

	private Span parent;

	private Scope parentScope;

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	@Setup
	public void start() {
		List<String> properties = new ArrayList<>(List.of(BenchmarkDefaults.PROPERTIES));
		if (!this.client.equals("observation")) {
			properties.add("management.observations.enable.http.client.requests=false");
		}
		if (this.client.equals("untraced")) {
			properties.add("logfire.http.client.enabled=false");
		}
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		this.restClient = this.context.getBean(RestClient.Builder.class)
			.requestFactory(new InMemoryDownstream())
			.baseUrl("http://downstream.test:8080")
			.build();
	}

	/** The server span of the request the call is made for, current on the benchmark thread. */
	@Setup(Level.Iteration)
	public void openServerSpan() {
		this.parent = this.context.getBean(OpenTelemetry.class)
			.getTracer(Logfire.INSTRUMENTATION_NAME)
			.spanBuilder("GET /chain/{id}")
			.startSpan();
		this.parentScope = this.parent.makeCurrent();
	}

	@TearDown(Level.Iteration)
	public void closeServerSpan() {
		this.parentScope.close();
		this.parent.end();
	}

	@TearDown
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public ResponseEntity<Void> call() {
		return this.restClient.get().uri("/items/{id}", 42).retrieve().toBodilessEntity();
	}

	/** Answers every request with an empty 200, in memory. */
	static final class InMemoryDownstream implements ClientHttpRequestFactory {

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
			return new AbstractClientHttpRequest() {

				private final ByteArrayOutputStream body = new ByteArrayOutputStream();

				@Override
				public HttpMethod getMethod() {
					return httpMethod;
				}

				@Override
				public URI getURI() {
					return uri;
				}

				@Override
				protected OutputStream getBodyInternal(HttpHeaders headers) {
					return this.body;
				}

				@Override
				protected ClientHttpResponse executeInternal(HttpHeaders headers) {
					return new EmptyResponse();
				}

			};
		}

	}

	static final class EmptyResponse implements ClientHttpResponse {

		private final HttpHeaders headers = new HttpHeaders();

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public String getStatusText() {
			return "OK";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(new byte[0]);
		}

		@Override
		public void close() {
		}

	}

}
