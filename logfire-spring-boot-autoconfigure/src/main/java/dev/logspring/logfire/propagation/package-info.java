/**
 * Trace context and baggage carried across threads and onto spans.
 */
@NullMarked
package dev.logspring.logfire.propagation;

import org.jspecify.annotations.NullMarked;
