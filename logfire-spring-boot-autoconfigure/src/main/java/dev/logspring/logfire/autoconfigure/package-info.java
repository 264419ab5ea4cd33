/**
 * The root auto-configuration: one OpenTelemetry SDK assembled by Spring Boot, with the
 * starter's sanitized span pipeline, destinations and {@link dev.logspring.logfire.api.Logfire} bean.
 * The features' own auto-configurations live in their packages and run after it.
 */
@NullMarked
package dev.logspring.logfire.autoconfigure;

import org.jspecify.annotations.NullMarked;
