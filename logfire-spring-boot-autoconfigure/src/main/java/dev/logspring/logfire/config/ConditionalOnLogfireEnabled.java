package dev.logspring.logfire.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches while the starter is on: {@code logfire.enabled} is not {@code false}, and
 * OpenTelemetry is not switched off, by {@code management.opentelemetry.enabled=false} (Spring
 * Boot 4.1's switch) or by {@code OTEL_SDK_DISABLED=true} (which Boot 4.1 maps to it, and which we
 * honour on Boot 4.0 as well).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnLogfireEnabledCondition.class)
public @interface ConditionalOnLogfireEnabled {

}
