package dev.logspring.logfire.explorer;

import dev.logspring.logfire.api.ExplorerAlertSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard's routes, for the context that serves them: the application's, or the
 * management context when actuator runs one on its own port.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean(ExplorerStore.class)
class ExplorerWebConfiguration {

	/** Router functions add up, so an application replaces the dashboard by this bean's name. */
	@Bean
	@ConditionalOnMissingBean(name = "logfireExplorerRoutes")
	RouterFunction<ServerResponse> logfireExplorerRoutes(ObjectProvider<ExplorerStore> stores,
			LogfireExplorerProperties properties, ObjectProvider<Resource> resource,
			ObjectProvider<ExplorerAlertSource> alertSources) {
		// None when an application processed ahead of time starts with the explorer off.
		ExplorerStore store = stores.getIfAvailable();
		if (store == null) {
			return null;
		}
		Resource current = resource.getIfAvailable(Resource::getDefault);
		String serviceName = current.getAttribute(AttributeKey.stringKey("service.name"));
		return new ExplorerWebEndpoints(store, properties, (serviceName != null) ? serviceName : "unknown_service",
				alertSources.orderedStream().toList())
			.routes();
	}

}
