package dev.logspring.logfire.propagation;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.RecordingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace (current span and baggage) follows the work onto other threads: {@code @Async}
 * methods, Boot's task executor and scheduler, {@code CompletableFuture} stages on that
 * executor, and virtual threads.
 */
class ContextPropagationTest {

	private final ApplicationContextRunner runner = LogfireContextRunners.full()
		.withConfiguration(
				AutoConfigurations.of(TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@EnableScheduling
	static class Config {

		@Bean
		RecordingSpanExporter recordingSpanExporter() {
			return new RecordingSpanExporter();
		}

		@Bean
		AsyncWork asyncWork(Logfire logfire) {
			return new AsyncWork(logfire);
		}

	}

	static class AsyncWork {

		private final Logfire logfire;

		AsyncWork(Logfire logfire) {
			this.logfire = logfire;
		}

		@Async
		public CompletableFuture<String> run() {
			this.logfire.info("async step");
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

	}

	@Test
	void asyncMethodContinuesTheCallersTraceWithItsBaggage() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			String thread;
			String parentId;
			try (LogfireSpan parent = logfire.span("caller");
					var baggage = logfire.baggage(Map.of("order_id", "o-1"))) {
				parentId = parent.getSpan().getSpanContext().getSpanId();
				thread = context.getBean(AsyncWork.class).run().get(10, TimeUnit.SECONDS);
			}
			assertThat(thread).isNotEqualTo(Thread.currentThread().getName());
			SpanData step = exporter(context).awaitSpanNamed("async step");
			assertThat(step.getParentSpanId()).isEqualTo(parentId);
			assertThat(step.getAttributes().get(AttributeKey.stringKey("order_id"))).isEqualTo("o-1");
		});
	}

	@Test
	void taskExecutorContinuesTheTrace() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			TaskExecutor executor = context.getBean("applicationTaskExecutor", TaskExecutor.class);
			String parentId;
			CompletableFuture<Void> done = new CompletableFuture<>();
			try (LogfireSpan parent = logfire.span("submitter")) {
				parentId = parent.getSpan().getSpanContext().getSpanId();
				executor.execute(() -> {
					logfire.info("executor step");
					done.complete(null);
				});
			}
			done.get(10, TimeUnit.SECONDS);
			assertThat(exporter(context).awaitSpanNamed("executor step").getParentSpanId()).isEqualTo(parentId);
		});
	}

	@Test
	void taskSchedulerContinuesTheTraceOfWhoScheduled() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			TaskScheduler scheduler = context.getBean(TaskScheduler.class);
			String parentId;
			CompletableFuture<Void> done = new CompletableFuture<>();
			try (LogfireSpan parent = logfire.span("scheduler")) {
				parentId = parent.getSpan().getSpanContext().getSpanId();
				scheduler.schedule(() -> {
					logfire.info("scheduled step");
					done.complete(null);
				}, Instant.now().plusMillis(20));
			}
			done.get(10, TimeUnit.SECONDS);
			assertThat(exporter(context).awaitSpanNamed("scheduled step").getParentSpanId()).isEqualTo(parentId);
		});
	}

	@Test
	void completableFutureChainOnTheExecutorStaysInTheTrace() {
		this.runner.run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
			String parentId;
			try (LogfireSpan parent = logfire.span("pipeline")) {
				parentId = parent.getSpan().getSpanContext().getSpanId();
				CompletableFuture.supplyAsync(() -> {
					logfire.info("stage one");
					return 1;
				}, executor).thenApplyAsync((n) -> {
					logfire.info("stage two");
					return n + 1;
				}, executor).thenComposeAsync((n) -> CompletableFuture.supplyAsync(() -> {
					logfire.info("stage three");
					return n;
				}, executor), executor).get(10, TimeUnit.SECONDS);
			}
			RecordingSpanExporter exporter = exporter(context);
			for (String stage : new String[] { "stage one", "stage two", "stage three" }) {
				assertThat(exporter.awaitSpanNamed(stage).getParentSpanId()).as(stage).isEqualTo(parentId);
			}
		});
	}

	/** Runs only on Java 21+ (the build targets 17): Boot then runs tasks on virtual threads. */
	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadExecutorContinuesTheTrace() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			TaskExecutor executor = context.getBean("applicationTaskExecutor", TaskExecutor.class);
			String parentId;
			CompletableFuture<Boolean> virtual = new CompletableFuture<>();
			try (LogfireSpan parent = logfire.span("virtual submitter")) {
				parentId = parent.getSpan().getSpanContext().getSpanId();
				executor.execute(() -> {
					logfire.info("virtual step");
					virtual.complete(isVirtual(Thread.currentThread()));
				});
			}
			assertThat(virtual.get(10, TimeUnit.SECONDS)).isTrue();
			assertThat(exporter(context).awaitSpanNamed("virtual step").getParentSpanId()).isEqualTo(parentId);
		});
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	private static RecordingSpanExporter exporter(org.springframework.context.ApplicationContext context) {
		return context.getBean(RecordingSpanExporter.class);
	}

}
