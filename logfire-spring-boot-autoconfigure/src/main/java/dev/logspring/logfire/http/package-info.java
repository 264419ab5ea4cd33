/**
 * What server and client HTTP spans share: attributes, captured headers, sensitive data and
 * excluded URLs.
 */
@NullMarked
package dev.logspring.logfire.http;

import org.jspecify.annotations.NullMarked;
