package dev.logspring.logfire.autoconfigure;

import java.util.UUID;

import dev.logspring.logfire.config.LogfireProperties;
import dev.logspring.logfire.internal.KeyValueList;
import io.opentelemetry.instrumentation.resources.HostResource;
import io.opentelemetry.instrumentation.resources.OsResource;
import io.opentelemetry.instrumentation.resources.ProcessResource;
import io.opentelemetry.instrumentation.resources.ProcessRuntimeResource;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import io.opentelemetry.semconv.ServiceAttributes;

import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryResourceAttributes;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Builds the resource every span and metric carries: the SDK, host, OS, process and runtime
 * attributes, then Spring Boot's own ({@code management.opentelemetry.resource-attributes},
 * {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_SERVICE_NAME}, {@code spring.application.name}),
 * then ours, which win.
 */
final class LogfireResourceFactory {

	private LogfireResourceFactory() {
	}

	static Resource create(Environment environment, LogfireProperties properties,
			java.util.Map<String, String> bootResourceAttributes) {
		ResourceBuilder builder = Resource.builder();
		new OpenTelemetryResourceAttributes(environment, bootResourceAttributes).applyTo(builder::put);
		// Read the standard variables through the Environment too, so that they follow Spring's
		// property sources (and tests can set them) rather than System.getenv alone.
		KeyValueList.parse(environment.getProperty("OTEL_RESOURCE_ATTRIBUTES")).forEach(builder::put);
		properties.getResourceAttributes().forEach(builder::put);
		String serviceName = StringUtils.hasText(properties.getServiceName()) ? properties.getServiceName()
				: environment.getProperty("OTEL_SERVICE_NAME");
		if (StringUtils.hasText(serviceName)) {
			builder.put(ServiceAttributes.SERVICE_NAME, serviceName);
		}
		if (StringUtils.hasText(properties.getServiceVersion())) {
			builder.put(ServiceAttributes.SERVICE_VERSION, properties.getServiceVersion());
		}
		if (StringUtils.hasText(properties.getEnvironment())) {
			builder.put("deployment.environment.name", properties.getEnvironment());
		}
		builder.put("service.instance.id", UUID.randomUUID().toString());
		Resource process = ProcessResource.get();
		// Command lines often carry secrets (--password=...): keep them out of every span.
		process = process.toBuilder()
			.removeIf((key) -> key.getKey().startsWith("process.command"))
			.build();
		return Resource.getDefault()
			.merge(HostResource.get())
			.merge(OsResource.get())
			.merge(process)
			.merge(ProcessRuntimeResource.get())
			.merge(builder.build());
	}

}
