/**
 * Hints for ahead-of-time processing and native images.
 */
@NullMarked
package dev.logspring.logfire.aot;

import org.jspecify.annotations.NullMarked;
