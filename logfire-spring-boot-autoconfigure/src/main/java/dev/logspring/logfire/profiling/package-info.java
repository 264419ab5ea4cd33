/**
 * Hot methods of slow spans, from JDK Flight Recorder.
 */
@NullMarked
package dev.logspring.logfire.profiling;

import org.jspecify.annotations.NullMarked;
