/**
 * Where alerts are sent: e-mail, Slack, webhooks and Alertmanager.
 */
@NullMarked
package dev.logspring.logfire.notifications;

import org.jspecify.annotations.NullMarked;
