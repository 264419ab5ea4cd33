package dev.logspring.logfire.client;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds our filter, once, to WebClients: Boot's builders through the customizer, and the
 * {@code WebClient} and {@code WebClient.Builder} beans built without them through this
 * post-processor.
 */
final class WebClientInstrumenter implements BeanPostProcessor {

	private final Supplier<LogfireExchangeFilterFunction> filter;

	WebClientInstrumenter(Supplier<LogfireExchangeFilterFunction> filter) {
		this.filter = filter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof WebClient.Builder builder) {
			instrument(builder, this.filter.get());
		}
		else if (bean instanceof WebClient webClient) {
			return instrument(webClient, this.filter.get());
		}
		return bean;
	}

	static void instrument(WebClient.Builder builder, LogfireExchangeFilterFunction filter) {
		builder.filters((filters) -> addTo(filters, filter));
	}

	/** The client itself when it is instrumented already, else an instrumented copy. */
	static WebClient instrument(WebClient webClient, LogfireExchangeFilterFunction filter) {
		boolean[] added = new boolean[1];
		WebClient.Builder builder = webClient.mutate().filters((filters) -> added[0] = addTo(filters, filter));
		return added[0] ? builder.build() : webClient;
	}

	/** Puts the filter first (its span covers the others' work) unless one is there. */
	private static boolean addTo(List<ExchangeFilterFunction> filters, LogfireExchangeFilterFunction filter) {
		for (ExchangeFilterFunction existing : filters) {
			if (existing instanceof LogfireExchangeFilterFunction) {
				return false;
			}
		}
		filters.add(0, filter);
		return true;
	}

}
