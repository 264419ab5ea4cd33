/**
 * The local explorer: spans kept in DuckDB, SQL queries and a live dashboard.
 */
@NullMarked
package dev.logspring.logfire.explorer;

import org.jspecify.annotations.NullMarked;
