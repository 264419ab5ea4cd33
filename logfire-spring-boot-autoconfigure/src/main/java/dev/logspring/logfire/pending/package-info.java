/**
 * Pending spans: copies of long-running spans so Logfire shows them while they run.
 */
@NullMarked
package dev.logspring.logfire.pending;

import org.jspecify.annotations.NullMarked;
