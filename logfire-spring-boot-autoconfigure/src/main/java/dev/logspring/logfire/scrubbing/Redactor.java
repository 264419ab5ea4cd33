package dev.logspring.logfire.scrubbing;

import dev.logspring.logfire.api.ScrubMatch;
import dev.logspring.logfire.api.ScrubbingCallback;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.scrubbing.ScrubPatterns.Found;
import org.jspecify.annotations.Nullable;

/**
 * Replaces what the patterns found, after asking the user's {@link ScrubbingCallback}, and notes
 * it. The replacement names the reason, never the secret: the matched text for a default pattern
 * (which only ever matches a keyword such as {@code password}), the pattern itself for an extra
 * pattern, since what it matches may be the secret.
 */
final class Redactor {

	private final ScrubPatterns patterns;

	private final @Nullable ScrubbingCallback callback;

	Redactor(ScrubPatterns patterns, @Nullable ScrubbingCallback callback) {
		this.patterns = patterns;
		this.callback = callback;
	}

	/**
	 * Replaces {@code value} for what a pattern found: returns {@code keep} (the same instance)
	 * when the value stays, else the replacement.
	 */
	Object redact(Path path, Object value, Found found, boolean keyMatch, Notes notes, Object keep) {
		String pattern = this.patterns.source(found);
		return redact(path, value, found.text(), pattern, found.isDefault() ? found.text() : pattern, keyMatch, notes,
				keep);
	}

	/**
	 * Asks the callback, then replaces: returns {@code keep} (the same instance) when the value
	 * stays, else the replacement, and notes what was scrubbed.
	 */
	Object redact(Path path, Object value, String matched, String pattern, String reason, boolean keyMatch,
			Notes notes, Object keep) {
		if (this.callback != null) {
			try {
				Object decision = this.callback.onMatch(new ScrubMatch(path.toList(), value, matched, pattern, keyMatch));
				if (decision != null) {
					if (decision == value || decision.equals(value)) {
						return keep;
					}
					notes.changed();
					return String.valueOf(decision);
				}
			}
			catch (RuntimeException ex) {
				TelemetryErrors.report("the scrubbing callback", ex);
			}
		}
		notes.add(path.toList(), reason);
		return "[Scrubbed due to '" + reason + "']";
	}

}
