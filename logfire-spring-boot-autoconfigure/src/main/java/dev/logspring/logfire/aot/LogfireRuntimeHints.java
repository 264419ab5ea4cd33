package dev.logspring.logfire.aot;

import dev.logspring.logfire.api.ExplorerAlertSource;
import dev.logspring.logfire.explorer.ExplorerStore;
import dev.logspring.logfire.explorer.ExplorerWebEndpoints;
import dev.logspring.logfire.explorer.QueryResult;
import dev.logspring.logfire.llm.LlmPriceTable;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ResourceHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.core.io.ClassPathResource;

/**
 * What the starter reads by name at run time, for a native image: its resources, the classes
 * whose presence switches a code path, and its own types written as JSON by the explorer's
 * endpoints. Registered in {@code META-INF/spring/aot.factories}; the types of {@code @Traced}
 * arguments are covered where the annotation is used ({@code TracedReflectiveProcessor}).
 */
class LogfireRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * Looked up with {@code ClassUtils.isPresent}: Reactor by the {@code @Traced} interceptor, the
	 * SDK's public sender SPI by our OTLP transport.
	 */
	static final String[] PROBED_CLASSES = { ExplorerStore.DUCKDB_CLASS, "reactor.core.publisher.Mono",
			"io.opentelemetry.sdk.common.export.HttpSenderProvider" };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// Relative to the classes that read them; registering a resource that is not there fails.
		ResourceHints resources = hints.resources();
		resources.registerResource(new ClassPathResource(ExplorerWebEndpoints.PAGE, ExplorerWebEndpoints.class));
		resources.registerResource(new ClassPathResource(LlmPriceTable.DEFAULTS, LlmPriceTable.class));
		for (String type : PROBED_CLASSES) {
			hints.reflection().registerType(TypeReference.of(type));
		}
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), QueryResult.class,
				ExplorerStore.Stats.class, ExplorerAlertSource.AlertState.class);
	}

}
