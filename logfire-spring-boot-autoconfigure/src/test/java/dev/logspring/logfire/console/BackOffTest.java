package dev.logspring.logfire.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.testsupport.BackOff;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.awaitility.Awaitility.await;

/** The application's beans replace ours: {@link LogfireConsoleAutoConfiguration}. */
class BackOffTest {

	@Test
	void consoleBacksOff() {
		ApplicationContextRunner runner = LogfireContextRunners.full().withPropertyValues("logfire.console.enabled=true");
		BackOff.assertBacksOff(runner, "logfireConsoleSpanProcessor", OwnConsole.class, ConsoleSpanProcessor.class);
		runner.withUserConfiguration(OwnConsole.class).run((context) -> {
			context.getBean(Logfire.class).info("printed by the application's console");
			ByteArrayOutputStream printed = context.getBean(OwnConsole.class).printed;
			await().until(() -> printed.toString(StandardCharsets.UTF_8).contains("printed by the application's console"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConsole {

		final ByteArrayOutputStream printed = new ByteArrayOutputStream();

		@Bean
		ConsoleSpanProcessor ownConsole() {
			return new ConsoleSpanProcessor(new ConsoleRenderer(false, false, false), null,
					new PrintStream(this.printed, true, StandardCharsets.UTF_8), Level.TRACE, 100);
		}

	}

}
