package dev.logspring.logfire.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInitializer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Adds our interceptor, once, to every HTTP client of the application, as its first interceptor
 * and as a request initializer: Boot's builders through the customizers, and the
 * {@code RestClient}, {@code RestClient.Builder} and {@code RestTemplate} beans built without them
 * through this post-processor.
 */
final class HttpClientInstrumenter implements BeanPostProcessor {

	private final Supplier<LogfireClientHttpRequestInterceptor> interceptor;

	HttpClientInstrumenter(Supplier<LogfireClientHttpRequestInterceptor> interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplate restTemplate) {
			instrument(restTemplate, this.interceptor.get());
		}
		else if (bean instanceof RestClient.Builder builder) {
			instrument(builder, this.interceptor.get());
		}
		else if (bean instanceof RestClient restClient) {
			return instrument(restClient, this.interceptor.get());
		}
		return bean;
	}

	static void instrument(RestTemplate restTemplate, LogfireClientHttpRequestInterceptor interceptor) {
		// setInterceptors (not the live list) so that RestTemplate rebuilds its request factory.
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
		if (addTo(interceptors, interceptor)) {
			restTemplate.setInterceptors(interceptors);
		}
		List<ClientHttpRequestInitializer> initializers = new ArrayList<>(restTemplate.getClientHttpRequestInitializers());
		if (addTo(initializers, interceptor)) {
			restTemplate.setClientHttpRequestInitializers(initializers);
		}
	}

	static void instrument(RestClient.Builder builder, LogfireClientHttpRequestInterceptor interceptor) {
		builder.requestInterceptors((interceptors) -> addTo(interceptors, interceptor))
			.requestInitializers((initializers) -> addTo(initializers, interceptor));
	}

	/** The client itself when it is instrumented already, else an instrumented copy. */
	static RestClient instrument(RestClient restClient, LogfireClientHttpRequestInterceptor interceptor) {
		boolean[] added = new boolean[1];
		RestClient.Builder builder = restClient.mutate()
			.requestInterceptors((interceptors) -> added[0] = addTo(interceptors, interceptor));
		if (!added[0]) {
			return restClient;
		}
		return builder.requestInitializers((initializers) -> addTo(initializers, interceptor)).build();
	}

	/**
	 * Puts the interceptor first among the client's interceptors (its span covers the others'
	 * work) or initializers, unless one is there.
	 */
	private static boolean addTo(List<? super LogfireClientHttpRequestInterceptor> parts,
			LogfireClientHttpRequestInterceptor interceptor) {
		for (Object existing : parts) {
			if (existing instanceof LogfireClientHttpRequestInterceptor) {
				return false;
			}
		}
		parts.add(0, interceptor);
		return true;
	}

}
