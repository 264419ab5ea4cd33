package dev.logspring.logfire.propagation;

import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Baggage on spans and trace context across threads: the {@link BaggageSpanProcessor} joins
 * the SDK that Spring Boot builds (it collects every {@code SpanProcessor} bean), and the
 * {@link OpenTelemetryContextTaskDecorator} joins Boot's task executors and schedulers.
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
public final class LogfirePropagationAutoConfiguration {

	/** First, so that other processors (the console) see the baggage attributes. */
	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	BaggageSpanProcessor logfireBaggageSpanProcessor() {
		return new BaggageSpanProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	OpenTelemetryContextTaskDecorator logfireContextTaskDecorator() {
		return new OpenTelemetryContextTaskDecorator();
	}

}
