/**
 * Spans and logs printed on the console as Logfire's SDK prints them.
 */
@NullMarked
package dev.logspring.logfire.console;

import org.jspecify.annotations.NullMarked;
