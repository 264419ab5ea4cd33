/**
 * The public API: {@link dev.logspring.logfire.api.Logfire}, {@link dev.logspring.logfire.api.Traced}, levels,
 * and the extension points applications implement (sanitizers, export stages, notification channels,
 * alert sources for the explorer).
 */
@NullMarked
package dev.logspring.logfire.api;

import org.jspecify.annotations.NullMarked;
