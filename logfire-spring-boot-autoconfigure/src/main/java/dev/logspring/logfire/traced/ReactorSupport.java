package dev.logspring.logfire.traced;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps a {@code @Traced} span open until a {@code Mono} or {@code Flux} terminates. Only
 * loaded when Reactor is on the classpath.
 */
final class ReactorSupport {

	private ReactorSupport() {
	}

	static boolean isReactive(@Nullable Object result) {
		return result instanceof Mono<?> || result instanceof Flux<?>;
	}

	static Object endOnTermination(Object result, BiConsumer<@Nullable Object, @Nullable Throwable> finish) {
		if (result instanceof Mono<?> mono) {
			return mono.doOnSuccess((value) -> finish.accept(value, null))
				.doOnError((error) -> finish.accept(null, error))
				.doOnCancel(() -> finish.accept(null, null));
		}
		Flux<?> flux = (Flux<?>) result;
		return flux.doOnError((error) -> finish.accept(null, error))
			.doOnComplete(() -> finish.accept(null, null))
			.doOnCancel(() -> finish.accept(null, null));
	}

}
