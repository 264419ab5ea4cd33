/**
 * Server spans for Spring MVC and WebFlux, continuing incoming traces.
 */
@NullMarked
package dev.logspring.logfire.web;

import org.jspecify.annotations.NullMarked;
