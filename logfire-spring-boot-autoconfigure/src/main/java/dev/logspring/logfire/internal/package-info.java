/**
 * Internal helpers shared by the starter's features: attribute values, message templates,
 * Logfire's attribute names, error reporting and the {@link dev.logspring.logfire.api.Logfire}
 * implementation. Not API: anything here may change in any release.
 */
@NullMarked
package dev.logspring.logfire.internal;

import org.jspecify.annotations.NullMarked;
