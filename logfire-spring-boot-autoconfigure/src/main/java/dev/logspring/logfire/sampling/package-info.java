/**
 * Head and tail sampling.
 */
@NullMarked
package dev.logspring.logfire.sampling;

import org.jspecify.annotations.NullMarked;
