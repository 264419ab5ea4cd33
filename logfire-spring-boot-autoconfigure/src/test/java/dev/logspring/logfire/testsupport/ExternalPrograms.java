package dev.logspring.logfire.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs some tests run for real (Chromium, Alertmanager), installed by the scripts in
 * {@code .ci}. A missing program skips those tests with a message on a developer's machine, and
 * fails them on CI ({@code CI=true}), so that a green build there always means they ran.
 */
public final class ExternalPrograms {

	private ExternalPrograms() {
	}

	/**
	 * The first of {@code candidates} (absolute paths, or names looked up on the PATH) that is
	 * executable; otherwise skips the calling test, or fails it on CI.
	 * @param installHint how to install it, as shown in the message
	 */
	public static Path require(String installHint, String... candidates) {
		return require("true".equalsIgnoreCase(System.getenv("CI")), installHint, candidates);
	}

	static Path require(boolean onCi, String installHint, String... candidates) {
		for (String candidate : candidates) {
			Path found = find(candidate);
			if (found != null) {
				return found;
			}
		}
		String message = String.join(" or ", candidates) + " is not installed: " + installHint;
		if (onCi) {
			Assertions.fail(message + " (CI=true: tests that need it must run, not skip)");
		}
		Assumptions.abort(message);
		return null; // not reached
	}

	private static Path find(String candidate) {
		if (candidate.contains(File.separator)) {
			Path path = Paths.get(candidate);
			return Files.isExecutable(path) ? path : null;
		}
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, candidate))) {
				return Paths.get(dir, candidate);
			}
		}
		return null;
	}

}
