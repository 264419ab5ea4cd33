package dev.logspring.logfire.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Starts an application in its own JVM, with or without the starter's jars on its classpath, and
 * reads what it prints. The harnesses compare the two, so both get the same JVM options.
 */
public final class Jvm implements AutoCloseable {

	/** Jars and class folders that the starter brings; the baseline runs without them. */
	private static final List<String> STARTER_PARTS = List.of("logfire-spring-boot", "opentelemetry",
			"micrometer-tracing", "spring-boot-micrometer-tracing", "datasource-micrometer", "datasource-proxy");

	private final Process process;

	private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

	private Jvm(Process process) {
		this.process = process;
		// A harness stopped early (Ctrl-C, timeout) leaves no application running.
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
		CompletableFuture.runAsync(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		});
	}

	/** The benchmark module's runtime classpath, written by the build into target/classpath.txt. */
	public static String classpath(boolean withStarter) {
		try {
			Path base = Path.of(System.getProperty("benchmarks.dir", "benchmarks"));
			String dependencies = Files.readString(base.resolve("target/classpath.txt")).trim();
			List<String> entries = new ArrayList<>();
			entries.add(base.resolve("target/classes").toAbsolutePath().toString());
			for (String entry : dependencies.split(File.pathSeparator)) {
				if (withStarter || STARTER_PARTS.stream().noneMatch(entry::contains)) {
					entries.add(entry);
				}
			}
			return entries.stream().collect(Collectors.joining(File.pathSeparator));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Build the benchmarks first (./mvnw -pl benchmarks -am package)", ex);
		}
	}

	/**
	 * The benchmark module's classes followed by another module's runtime classpath (a file written
	 * by {@code dependency:build-classpath}): the same application on another stack's jars.
	 */
	public static String classpath(Path classpathFile) {
		try {
			Path base = Path.of(System.getProperty("benchmarks.dir", "benchmarks"));
			return base.resolve("target/classes").toAbsolutePath() + File.pathSeparator
					+ Files.readString(classpathFile).trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Build the peers first (./mvnw -f benchmarks/peers/pom.xml package)", ex);
		}
	}

	public static Jvm start(boolean withStarter, String mainClass, List<String> arguments) {
		return start(classpath(withStarter), mainClass, arguments);
	}

	/**
	 * Starts {@code mainClass} on {@code classpath}; with {@code -Dbenchmarks.app-cpus=0} it runs
	 * pinned to those CPUs ({@code taskset}, which keeps the process id), apart from the harness.
	 */
	public static Jvm start(String classpath, String mainClass, List<String> arguments) {
		List<String> command = new ArrayList<>();
		String cpus = System.getProperty("benchmarks.app-cpus", "");
		if (!cpus.isBlank()) {
			command.addAll(List.of("taskset", "-c", cpus.trim()));
		}
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m",
				"-Xmx512m", "-XX:+UseG1GC"));
		// e.g. -Dbenchmarks.jvm-options=-XX:StartFlightRecording=filename=/tmp/app-%p.jfr to profile
		String extra = System.getProperty("benchmarks.jvm-options", "");
		if (!extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		command.addAll(List.of("-cp", classpath, mainClass));
		command.addAll(arguments);
		try {
			return new Jvm(new ProcessBuilder(command).redirectErrorStream(true).start());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** CPU time the application's process has used so far, all its threads together. */
	public Duration cpuTime() {
		return this.process.toHandle().info().totalCpuDuration().orElseThrow();
	}

	/** Waits for a printed line that matches, and returns it. */
	public String awaitLine(Predicate<String> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			for (String line : this.lines) {
				if (condition.test(line)) {
					return line;
				}
			}
			if (!this.process.isAlive() && this.lines.stream().noneMatch(condition)) {
				throw new IllegalStateException("The application stopped:\n" + String.join("\n", this.lines));
			}
			sleep(20);
		}
		throw new IllegalStateException("No matching line within " + timeout + ":\n" + String.join("\n", this.lines));
	}

	public void waitFor(Duration timeout) {
		try {
			this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		waitFor(Duration.ofSeconds(20));
		this.process.destroyForcibly();
	}

}
