package dev.logspring.logfire.explorer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The seed's user API running on a random port with the explorer on (no token); test classes
 * with this annotation share one application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = ExplorerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=user-api", "logfire.console.enabled=false",
				"logfire.export.schedule-delay=50ms", "logfire.record-thread-usage=true" })
@interface ExplorerApplicationTest {

}
