/**
 * The root {@code logfire.*} properties and the conditions every feature shares.
 */
@NullMarked
package dev.logspring.logfire.config;

import org.jspecify.annotations.NullMarked;
