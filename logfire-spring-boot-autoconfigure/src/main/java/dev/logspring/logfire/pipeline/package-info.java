/**
 * The one queue of sanitized spans and the consumers it feeds.
 */
@NullMarked
package dev.logspring.logfire.pipeline;

import org.jspecify.annotations.NullMarked;
