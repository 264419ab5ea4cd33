package dev.logspring.logfire.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class ConsoleOutputTest {

	private final ApplicationContextRunner runner = LogfireContextRunners.full()
		.withPropertyValues("logfire.console.enabled=true");

	@Test
	void printsSpansAndLogsIndentedByNesting(CapturedOutput output) {
		this.runner.withPropertyValues("logfire.console.colors=never").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			try (LogfireSpan pipeline = logfire.span("pipeline")) {
				try (LogfireSpan loading = logfire.span("data loading {file}", Map.of("file", "users.csv"))) {
					logfire.info("loaded data, {rows} rows", Map.of("rows", 150));
				}
				logfire.withTags("quality").warn("{count} rows dropped", Map.of("count", 3));
			}
		});
		List<String> lines = output.getOut().lines().filter((line) -> line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
			.toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0).substring(13)).isEqualTo("pipeline");
		assertThat(lines.get(1).substring(13)).isEqualTo("  data loading users.csv");
		assertThat(lines.get(2).substring(13)).isEqualTo("    loaded data, 150 rows");
		assertThat(lines.get(3).substring(13)).isEqualTo("  3 rows dropped [quality]");
	}

	@Test
	void levelsAreColouredAndFilteredByTheConsoleMinimum(CapturedOutput output) {
		this.runner.withPropertyValues("logfire.console.colors=always", "logfire.console.min-level=info")
			.run((context) -> {
				Logfire logfire = context.getBean(Logfire.class);
				logfire.debug("hidden debug line");
				logfire.warn("careful");
				logfire.error("broken");
			});
		assertThat(output.getOut()).doesNotContain("hidden debug line")
			.contains("\u001b[33mcareful\u001b[0m")
			.contains("\u001b[31mbroken\u001b[0m");
	}

	@Test
	void exceptionsPrintTheirStackTrace(CapturedOutput output) {
		this.runner.withPropertyValues("logfire.console.colors=never").run((context) -> {
			context.getBean(Logfire.class).exception("payment failed", new IllegalStateException("card declined"));
		});
		assertThat(output.getOut()).contains("payment failed")
			.contains("java.lang.IllegalStateException: card declined")
			.contains("at dev.logspring.logfire.console.ConsoleOutputTest");
	}

	@Test
	void verboseModeShowsAttributesAndLocation(CapturedOutput output) {
		this.runner.withPropertyValues("logfire.console.colors=never", "logfire.console.verbose=true")
			.run((context) -> context.getBean(Logfire.class).info("user {email} created", Map.of("email", "a@b.c")));
		assertThat(output.getOut()).contains("user a@b.c created").contains("│ info").contains("│ email=a@b.c");
	}

	@Test
	void stderrAndNoTimestampsOnRequest(CapturedOutput output) {
		this.runner
			.withPropertyValues("logfire.console.output=stderr", "logfire.console.include-timestamps=false",
					"logfire.console.colors=never")
			.run((context) -> context.getBean(Logfire.class).info("to stderr"));
		assertThat(output.getErr()).contains("to stderr");
		assertThat(output.getErr().lines().filter((l) -> l.contains("to stderr"))).containsExactly("to stderr");
		assertThat(output.getOut()).doesNotContain("to stderr");
	}

	@Test
	void linesFromManyThreadsStayWhole(CapturedOutput output) {
		this.runner.withPropertyValues("logfire.console.colors=never").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			List<Thread> threads = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				Thread worker = new Thread(() -> {
					for (int i = 0; i < 200; i++) {
						logfire.info("thread {t} line {i} " + "x".repeat(100), Map.of("t", thread, "i", i));
					}
				});
				worker.start();
				threads.add(worker);
			}
			for (Thread thread : threads) {
				thread.join();
			}
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().lines().filter((l) -> l.contains(" line ")).count() == 1600);
		assertThat(output.getOut().lines().filter((l) -> l.contains(" line ")))
			.allMatch((line) -> line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} thread \\d line \\d+ x{100}$"));
	}

	@Test
	void disabledConsolePrintsNothing(CapturedOutput output) {
		this.runner.withPropertyValues("logfire.console.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ConsoleSpanProcessor.class);
			context.getBean(Logfire.class).info("silent");
		});
		assertThat(output.getOut()).doesNotContain("silent");
	}

}
