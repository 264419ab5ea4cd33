package dev.logspring.logfire.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the results table (a markdown fragment per harness, which {@code run.sh} joins).
 */
public final class Results {

	private final String group;

	private final List<String> rows = new ArrayList<>();

	public Results(String group) {
		this.group = group;
	}

	/** One measurement: baseline, with the starter, their ratio, the target and whether it holds. */
	public void row(String measure, String baseline, String starter, String ratio, String target, Boolean met) {
		String verdict = (met == null) ? "" : met ? "met" : "**missed**";
		this.rows.add("| " + this.group + " | " + measure + " | " + baseline + " | " + starter + " | " + ratio + " | "
				+ target + " | " + verdict + " |");
	}

	public void write(Path output) {
		try {
			Files.createDirectories(output.toAbsolutePath().getParent());
			Files.writeString(output, String.join("\n", this.rows) + "\n");
			System.out.println(String.join("\n", this.rows));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
