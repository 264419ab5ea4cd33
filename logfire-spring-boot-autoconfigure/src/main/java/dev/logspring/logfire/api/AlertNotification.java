package dev.logspring.logfire.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * An alert firing or resolving, as sent to every channel: the facts, plus the text a person
 * reads ({@link #title()}, {@link #summary()}, {@link #body()}).
 *
 * @param alert the alert's name under {@code logfire.alerts}
 * @param state firing or resolved
 * @param severity how urgent the alert is ({@code logfire.alerts.<alert>.severity}, e.g. warning)
 * @param metric the configured metric ({@code error_rate}, {@code model_accuracy})
 * @param description the metric in words ("error rate", "p95 latency", "avg of model_accuracy")
 * @param value the measured value, or {@code null} when the window held too few samples
 * @param valueText the value as people read it ("12.5%", "1250 ms"), or why it is missing
 * @param threshold the threshold
 * @param thresholdText the threshold as people read it
 * @param comparison {@code above} or {@code below}
 * @param window the window in words ("1m")
 * @param windowSeconds the window in seconds
 * @param samples how many samples the window held
 * @param sampleNoun what a sample is ("requests", "samples")
 * @param top where most of it came from (routes with the most errors or slow requests)
 * @param service the service name, with its environment if set
 * @param since when the alert entered this state
 * @param time when this notification was decided
 */
public record AlertNotification(String alert, State state, String severity, String metric, String description, @Nullable Double value,
		String valueText, double threshold, String thresholdText, String comparison, String window,
		long windowSeconds, long samples, String sampleNoun, List<Contributor> top, String service, Instant since,
		Instant time) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	public enum State {

		FIRING, RESOLVED;

		public String word() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** A route (or span name) with how many of its samples matched (errors, slow requests) and its total. */
	public record Contributor(String label, long matching, long total) {
	}

	/** "[FIRING] high_error_rate: error rate 12.5% (above 5%) on orders". */
	public String title() {
		String measured = (this.value != null) ? this.description + " " + this.valueText : "no data";
		return "[" + this.state.name() + "] " + this.alert + ": " + measured
				+ ((this.state == State.FIRING) ? " (" + this.comparison + " " + this.thresholdText + ")" : "") + " on "
				+ this.service;
	}

	/** One sentence saying what happened. */
	public String summary() {
		String head = "Alert " + this.alert + " is " + this.state.word() + " on " + this.service + ": ";
		if (this.value == null) {
			return head + "the " + this.description + " cannot be judged, " + this.valueText + ".";
		}
		if (this.state == State.FIRING) {
			return head + "the " + this.description + " over the last " + this.window + " is " + this.valueText + ", "
					+ this.comparison + " the threshold of " + this.thresholdText + ".";
		}
		return head + "the " + this.description + " over the last " + this.window + " is " + this.valueText
				+ ", no longer " + this.comparison + " " + this.thresholdText + ".";
	}

	/** The whole message for e-mail: what, how bad, since when, where to look, what comes next. */
	public String body() {
		StringBuilder body = new StringBuilder(summary()).append("\n\n");
		body.append("Rule:      ").append(rule()).append('\n');
		body.append("Measured:  ").append(this.valueText).append(" from ").append(this.samples).append(' ')
			.append(this.sampleNoun).append(" in the last ").append(this.window).append('\n');
		if (this.since != null) {
			body.append("Since:     ").append(TIME.format(this.since)).append('\n');
		}
		body.append("Service:   ").append(this.service).append('\n');
		if (!this.top.isEmpty()) {
			body.append("\nWhere to look:\n");
			this.top.forEach((contributor) -> body.append("  - ").append(describe(contributor)).append('\n'));
		}
		body.append('\n');
		if (this.state == State.FIRING) {
			body.append("What to do: open the traces of ").append(this.service).append(" around ")
				.append(TIME.format((this.since != null) ? this.since : this.time))
				.append(" and look at the spans listed above. ")
				.append("You will get one more message when the alert resolves.\n");
		}
		else {
			body.append("Nothing to do: the alert fires again if the ").append(this.description).append(" goes ")
				.append(this.comparison).append(' ').append(this.thresholdText).append(" again.\n");
		}
		body.append("\n-- Sent by the Logfire Spring Boot starter (alert logfire.alerts.").append(this.alert)
			.append(") at ").append(TIME.format(this.time)).append('\n');
		return body.toString();
	}

	/** "GET /orders/{id}: 5 errors in 40 requests". */
	public String describe(Contributor contributor) {
		String matching = switch (this.metric) {
			case "error_rate" -> contributor.matching() + " errors in " + contributor.total() + " " + this.sampleNoun;
			case "request_rate" -> contributor.total() + " " + this.sampleNoun;
			default -> contributor.matching() + " of " + contributor.total() + " " + this.sampleNoun + " "
					+ this.comparison + " " + this.thresholdText;
		};
		return contributor.label() + ": " + matching;
	}

	/** The rule in words: "error rate above 5% over 1m". */
	public String rule() {
		return this.description + " " + this.comparison + " " + this.thresholdText + " over " + this.window;
	}

}
