package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.List;

import dev.logspring.logfire.api.ScrubbingCallback;
import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.autoconfigure.LogfireTracingAutoConfiguration;
import dev.logspring.logfire.config.ConditionalOnLogfireEnabled;
import dev.logspring.logfire.config.LogfireProperties;
import io.opentelemetry.sdk.trace.SpanLimits;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Data protection: the {@link SpanSanitizer} every consumer reads spans through (scrubbing,
 * value lengths) and the SDK's span limits (counts of attributes, events and links).
 */
@AutoConfiguration(after = LogfireTracingAutoConfiguration.class, before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnLogfireEnabled
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
			scrubber = new Scrubber(extraPatterns(scrubbing), callback);
		}
		LogfireProperties.Limits limits = properties.getLimits();
		return new LogfireSpanSanitizer(scrubber, properties.getMaxEventSize(), limits.getMaxStacktraceLength(),
				limits.getMaxArrayLength());
	}

	/** The extra patterns under both names; one that does not compile fails startup, named. */
	@SuppressWarnings("deprecation")
	private static List<String> extraPatterns(LogfireScrubbingProperties scrubbing) {
		List<String> all = new ArrayList<>(checked("logfire.scrubbing.extra-patterns", scrubbing.getExtraPatterns()));
		all.addAll(checked("logfire.scrubbing.scrub-fields", scrubbing.getScrubFields()));
		return all;
	}

	private static List<String> checked(String property, List<String> patterns) {
		for (int i = 0; i < patterns.size(); i++) {
			String error = Scrubber.validatePattern(patterns.get(i));
			if (error != null) {
				// "sk-[a-z0-9]{12,}" in a comma-separated value arrives cut in two.
				String hint = patterns.get(i).matches(".*\\{\\d*$")
						? "; a comma splits a list value: write such a pattern as a YAML list item or as " + property
								+ "[" + i + "]=..."
						: "";
				throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", patterns.get(i),
						"a Java regular expression (" + error + hint + ")");
			}
		}
		return patterns;
	}

	/**
	 * Counts are capped by the SDK as spans are recorded, on the application thread, so memory
	 * stays bounded at the source. Values are only cut to twice their final length there: the
	 * sanitizer must see past the final length to scrub a secret that straddles it. Spring Boot
	 * 4.1's own limits ({@code management.opentelemetry.tracing.limits.*}) win where set.
	 */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(NoBootSpanLimitsSet.class)
	SpanLimits logfireSpanLimits(LogfireProperties properties) {
		LogfireProperties.Limits limits = properties.getLimits();
		int longestValue = Math.max(properties.getMaxEventSize(), limits.getMaxStacktraceLength());
		return SpanLimits.builder()
			.setMaxNumberOfAttributes(limits.getMaxAttributes())
			.setMaxNumberOfEvents(limits.getMaxEvents())
			.setMaxNumberOfLinks(limits.getMaxLinks())
			.setMaxNumberOfAttributesPerEvent(limits.getMaxAttributesPerEvent())
			.setMaxNumberOfAttributesPerLink(limits.getMaxAttributesPerLink())
			.setMaxAttributeValueLength((int) Math.min(Integer.MAX_VALUE, 2L * longestValue))
			.build();
	}

	/**
	 * Applies the {@link SpanLimits} bean, ours, the user's or Boot 4.1's: Boot 4.0 has no such
	 * bean and does not apply one itself (4.1 does, and this sets the same limits again). Boot
	 * applies every customizer, the application's too: this one does not back off.
	 */
	@Bean
	SdkTracerProviderBuilderCustomizer logfireSpanLimitsCustomizer(ObjectProvider<SpanLimits> spanLimits) {
		return (builder) -> spanLimits.ifUnique(builder::setSpanLimits);
	}

	/** Whether the user set none of Spring Boot 4.1's span limits. */
	static final class NoBootSpanLimitsSet extends SpringBootCondition {

		private static final ConfigurationPropertyName BOOT_LIMITS = ConfigurationPropertyName
			.of("management.opentelemetry.tracing.limits");

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Logfire span limits");
			boolean set = Binder.get(context.getEnvironment())
				.bind(BOOT_LIMITS, Bindable.mapOf(String.class, Object.class))
				.isBound();
			return set ? ConditionOutcome.noMatch(message.because(BOOT_LIMITS + ".* is set"))
					: ConditionOutcome.match(message.because("no " + BOOT_LIMITS + ".* is set"));
		}

	}

}
