package dev.logspring.logfire.scrubbing;

import java.util.List;

import dev.logspring.logfire.api.ScrubbingCallback;
import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.pipeline.SpanSanitizer;
import dev.logspring.logfire.tracing.LogfireTracingAutoConfiguration;
import io.opentelemetry.sdk.trace.SpanLimits;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Data protection: the {@link SpanSanitizer} every consumer reads spans through (scrubbing,
 * value lengths) and the SDK's span limits (counts of attributes, events and links).
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class, before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnBean(LogfireProperties.class)
@EnableConfigurationProperties(LogfireScrubbingProperties.class)
public final class LogfireScrubbingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpanSanitizer logfireSpanSanitizer(LogfireProperties properties, LogfireScrubbingProperties scrubbing,
			ObjectProvider<ScrubbingCallback> callbacks) {
		Scrubber scrubber = null;
		if (scrubbing.isEnabled()) {
			List<ScrubbingCallback> all = callbacks.orderedStream().toList();
			// With several callbacks, the first that decides wins.
			ScrubbingCallback callback = all.isEmpty() ? null : (match) -> {
				for (ScrubbingCallback each : all) {
					Object decision = each.onMatch(match);
					if (decision != null) {
						return decision;
					}
				}
				return null;
			};
			scrubber = new Scrubber(scrubbing.allExtraPatterns(), callback);
		}
		LogfireProperties.Limits limits = properties.getLimits();
		return new LogfireSpanSanitizer(scrubber, properties.getMaxEventSize(), limits.getMaxStacktraceLength(),
				limits.getMaxArrayLength());
	}

	/**
	 * Counts are capped by the SDK as spans are recorded, on the application thread, so memory
	 * stays bounded at the source. Values are only cut to twice their final length there: the
	 * sanitizer must see past the final length to scrub a secret that straddles it.
	 */
	@Bean
	SdkTracerProviderBuilderCustomizer logfireSpanLimits(LogfireProperties properties) {
		LogfireProperties.Limits limits = properties.getLimits();
		int longestValue = Math.max(properties.getMaxEventSize(), limits.getMaxStacktraceLength());
		SpanLimits spanLimits = SpanLimits.builder()
			.setMaxNumberOfAttributes(limits.getMaxAttributes())
			.setMaxNumberOfEvents(limits.getMaxEvents())
			.setMaxNumberOfLinks(limits.getMaxLinks())
			.setMaxNumberOfAttributesPerEvent(limits.getMaxAttributesPerEvent())
			.setMaxNumberOfAttributesPerLink(limits.getMaxAttributesPerLink())
			.setMaxAttributeValueLength((int) Math.min(Integer.MAX_VALUE, 2L * longestValue))
			.build();
		return (builder) -> builder.setSpanLimits(spanLimits);
	}

}
