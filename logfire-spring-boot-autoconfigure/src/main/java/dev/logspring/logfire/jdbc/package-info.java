/**
 * Spans for SQL statements and transactions.
 */
@NullMarked
package dev.logspring.logfire.jdbc;

import org.jspecify.annotations.NullMarked;
