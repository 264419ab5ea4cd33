/**
 * {@link dev.logspring.logfire.api.Traced} methods: the interceptor and its AOT hints.
 */
@NullMarked
package dev.logspring.logfire.traced;

import org.jspecify.annotations.NullMarked;
