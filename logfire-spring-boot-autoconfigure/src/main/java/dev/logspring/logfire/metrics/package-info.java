/**
 * Metrics export: HTTP durations, system and Micrometer metrics, and the starter's own.
 */
@NullMarked
package dev.logspring.logfire.metrics;

import org.jspecify.annotations.NullMarked;
