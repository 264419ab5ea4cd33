package dev.logspring.logfire.explorer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Import;

/**
 * Serves the dashboard from the application's own web server when actuator is absent. With
 * actuator, {@link ExplorerManagementContextConfiguration} serves it instead, on the
 * management port when one is set.
 */
@AutoConfiguration(after = LogfireExplorerAutoConfiguration.class)
@ConditionalOnMissingClass(ExplorerManagementContextConfiguration.MANAGEMENT_CONTEXT_CLASS)
@Import(ExplorerWebConfiguration.class)
public final class LogfireExplorerWebAutoConfiguration {

}
