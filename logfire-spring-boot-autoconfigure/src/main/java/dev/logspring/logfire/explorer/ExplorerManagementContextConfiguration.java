package dev.logspring.logfire.explorer;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Import;

/**
 * With actuator, the dashboard lives with the management endpoints: in the application's
 * context when they share its port, in the management context when
 * {@code management.server.port} gives them their own (which can then stay internal).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@Import(ExplorerWebConfiguration.class)
class ExplorerManagementContextConfiguration {

	static final String MANAGEMENT_CONTEXT_CLASS = "org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration";

}
