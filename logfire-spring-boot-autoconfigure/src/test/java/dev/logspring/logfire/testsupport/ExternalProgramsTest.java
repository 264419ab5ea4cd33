package dev.logspring.logfire.testsupport;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A missing program skips a test on a developer's machine and fails it on CI, so that a green
 * CI build means the tests that need Chromium or Alertmanager ran.
 */
class ExternalProgramsTest {

	@Test
	void aMissingProgramSkipsOutsideCiAndFailsOnCi() {
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> ExternalPrograms.require(false, "apt-get install it", "no-such-program-logfire"))
			.withMessageContaining("no-such-program-logfire is not installed: apt-get install it");
		assertThatExceptionOfType(AssertionFailedError.class)
			.isThrownBy(() -> ExternalPrograms.require(true, "apt-get install it", "/no/such/program"))
			.withMessageContaining("/no/such/program is not installed").withMessageContaining("CI=true");
	}

	@Test
	void anInstalledProgramIsFoundOnThePathOrByItsAbsolutePath() {
		assertThat(ExternalPrograms.require(true, "", "no-such-program-logfire", "sh")).isExecutable();
		assertThat(ExternalPrograms.require(true, "", "/bin/sh")).hasToString("/bin/sh");
	}

}
