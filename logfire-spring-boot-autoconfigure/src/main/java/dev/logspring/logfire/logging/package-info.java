/**
 * Logback and Log4j 2 logs sent as Logfire logs, and trace ids in the MDC.
 */
@NullMarked
package dev.logspring.logfire.logging;

import org.jspecify.annotations.NullMarked;
