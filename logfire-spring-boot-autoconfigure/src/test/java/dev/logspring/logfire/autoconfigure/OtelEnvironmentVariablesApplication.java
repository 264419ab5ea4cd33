package dev.logspring.logfire.autoconfigure;

import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application with every auto-configuration on the test class path, started by
 * {@link OtelEnvironmentVariablesTest} in a JVM of its own so that it can be given real
 * environment variables: records five spans, a log and a metric, then stops gracefully.
 */
// No component scan: the test classes beside it declare configurations of their own.
@SpringBootConfiguration
@EnableAutoConfiguration
public class OtelEnvironmentVariablesApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(OtelEnvironmentVariablesApplication.class);
		application.setDefaultProperties(Map.of("spring.main.web-application-type", "none",
				"logfire.console.enabled", "false", "logfire.explorer.enabled", "false"));
		try (ConfigurableApplicationContext context = application.run(args)) {
			Logfire logfire = context.getBean(Logfire.class);
			for (int i = 0; i < 5; i++) {
				logfire.info("step {i}", Map.of("i", i));
			}
			// Not a logger of ours: the starter does not bridge its own log lines.
			LoggerFactory.getLogger("com.example.orders").warn("a log line");
			logfire.counter("env.orders").record(3);
		}
	}

}
