/**
 * Spans for calls made through {@code RestClient}, {@code RestTemplate} and {@code WebClient}, with
 * trace context and baggage propagated.
 */
@NullMarked
package dev.logspring.logfire.client;

import org.jspecify.annotations.NullMarked;
