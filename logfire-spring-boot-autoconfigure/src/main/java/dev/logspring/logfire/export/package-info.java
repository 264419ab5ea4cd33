/**
 * Where spans, logs and metrics go: Logfire's regions and OTLP endpoints, with retries.
 */
@NullMarked
package dev.logspring.logfire.export;

import org.jspecify.annotations.NullMarked;
