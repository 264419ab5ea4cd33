/**
 * The OTLP/HTTP sender the starter plugs into the OpenTelemetry SDK's exporters (SDK 1.59 and
 * later). Not API: anything here may change in any release.
 */
@NullMarked
package dev.logspring.logfire.otlp.internal;

import org.jspecify.annotations.NullMarked;
