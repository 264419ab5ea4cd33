/**
 * The starter's actuator health indicator.
 */
@NullMarked
package dev.logspring.logfire.health;

import org.jspecify.annotations.NullMarked;
