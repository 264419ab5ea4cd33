package dev.logspring.logfire;

import java.lang.reflect.Method;
import java.util.Arrays;

import dev.logspring.logfire.testsupport.LogfireContextRunners;
import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every auto-configuration in {@code AutoConfiguration.imports} has its back-off test: a
 * {@code @Test} method named after it in the {@code BackOffTest} of its package
 * ({@code LogfireWebMvcTracingAutoConfiguration} → {@code web.BackOffTest#webMvcTracingBacksOff}).
 */
class BackOffCoverageTest {

	@Test
	void everyAutoConfigurationHasABackOffTest() {
		assertThat(LogfireContextRunners.LOGFIRE_CLASSES).hasSizeGreaterThan(20);
		assertThat(LogfireContextRunners.LOGFIRE_CLASSES).allSatisfy((autoConfiguration) -> {
			String testClass = autoConfiguration.getPackageName() + ".BackOffTest";
			assertThat(ClassUtils.isPresent(testClass, getClass().getClassLoader())).as(testClass).isTrue();
			Method[] methods = ClassUtils.resolveClassName(testClass, getClass().getClassLoader()).getDeclaredMethods();
			assertThat(Arrays.stream(methods)
				.filter((method) -> method.isAnnotationPresent(Test.class))
				.map(Method::getName))
				.as(autoConfiguration.getName())
				.contains(methodName(autoConfiguration));
		});
	}

	static String methodName(Class<?> autoConfiguration) {
		String concern = autoConfiguration.getSimpleName().replace("Logfire", "").replace("AutoConfiguration", "");
		return StringUtils.uncapitalize(concern) + "BacksOff";
	}

}
