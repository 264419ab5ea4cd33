/**
 * Scrubbing of secrets and personal data from every span before it leaves the process.
 */
@NullMarked
package dev.logspring.logfire.scrubbing;

import org.jspecify.annotations.NullMarked;
