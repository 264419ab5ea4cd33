package dev.logspring.logfire.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.api.Traced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trace_id} and {@code span_id} are in the MDC for every line written inside a span,
 * whoever opened it, and follow scopes as they open and close; the Logback pattern in
 * docs/logs-and-jdbc.md prints them.
 */
class MdcCorrelationTest {

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Checkout checkout() {
			return new Checkout();
		}

	}

	public static class Checkout {

		@Traced
		public String[] currentIds() {
			SpanContext span = Span.current().getSpanContext();
			return new String[] { span.getSpanId(), MDC.get("span_id"), MDC.get("trace_id") };
		}

	}

	@Test
	void everySpanPutsItsIdsInTheMdcWhileItIsCurrent() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("logfire.console.enabled=false", "spring.main.banner-mode=off")
			.run()) {
			Logfire logfire = context.getBean(Logfire.class);
			try (LogfireSpan outer = logfire.span("outer")) {
				SpanContext outerIds = outer.getSpan().getSpanContext();
				assertThat(MDC.get("trace_id")).isEqualTo(outerIds.getTraceId());
				assertThat(MDC.get("span_id")).isEqualTo(outerIds.getSpanId());
				// Boot's own names stay as they were.
				assertThat(MDC.get("traceId")).isEqualTo(outerIds.getTraceId());

				String[] traced = context.getBean(Checkout.class).currentIds();
				assertThat(traced[1]).isEqualTo(traced[0]).isNotEqualTo(outerIds.getSpanId());
				assertThat(traced[2]).isEqualTo(outerIds.getTraceId());

				Tracer tracer = context.getBean(io.opentelemetry.api.OpenTelemetry.class).getTracer("plain");
				Span plain = tracer.spanBuilder("plain OpenTelemetry").startSpan();
				try (Scope scope = plain.makeCurrent()) {
					assertThat(MDC.get("span_id")).isEqualTo(plain.getSpanContext().getSpanId());
					assertThat(render("%X{trace_id} %X{span_id} %msg", "inside"))
						.isEqualTo(outerIds.getTraceId() + " " + plain.getSpanContext().getSpanId() + " inside");
				}
				finally {
					plain.end();
				}
				// Closing an inner scope restores the outer span's ids.
				assertThat(MDC.get("span_id")).isEqualTo(outerIds.getSpanId());
			}
			assertThat(MDC.get("trace_id")).isNull();
			assertThat(MDC.get("span_id")).isNull();
		}
	}

	/** Writes one line through a Logback appender with {@code pattern}, as a log file would. */
	private static String render(String pattern, String message) {
		LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(loggerContext);
		encoder.setPattern(pattern);
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setContext(loggerContext);
		appender.setEncoder(encoder);
		appender.setOutputStream(out);
		appender.start();
		ch.qos.logback.classic.Logger logger = loggerContext.getLogger("com.example.mdc");
		logger.addAppender(appender);
		try {
			Logger slf4j = LoggerFactory.getLogger("com.example.mdc");
			slf4j.warn(message);
		}
		finally {
			logger.detachAppender(appender);
			appender.stop();
		}
		return out.toString(StandardCharsets.UTF_8).trim();
	}

}
