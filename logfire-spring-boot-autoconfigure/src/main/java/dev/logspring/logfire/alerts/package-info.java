/**
 * Alerts on error rates, latency percentiles and metrics, evaluated over the sanitized span stream.
 */
@NullMarked
package dev.logspring.logfire.alerts;

import org.jspecify.annotations.NullMarked;
