package dev.logspring.logfire.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.AttributeKeyTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Opt-in capture of headers as {@code http.request.header.<name>} /
 * {@code http.response.header.<name>} string arrays, credentials scrubbed.
 */
public final class HeaderCapture {

	private static final HeaderCapture NONE = new HeaderCapture(false, Set.of());

	private final boolean all;

	private final Set<String> names;

	private HeaderCapture(boolean all, Set<String> names) {
		this.all = all;
		this.names = names;
	}

	/** Captures the {@code configured} header names; {@code *} captures every header. */
	public static HeaderCapture of(@Nullable Collection<String> configured) {
		if (configured == null || configured.isEmpty()) {
			return NONE;
		}
		Set<String> names = new LinkedHashSet<>();
		boolean all = false;
		for (String name : configured) {
			String trimmed = name.trim().toLowerCase(Locale.ROOT);
			if (trimmed.equals("*")) {
				all = true;
			}
			else if (!trimmed.isEmpty()) {
				names.add(trimmed);
			}
		}
		return new HeaderCapture(all, Set.copyOf(names));
	}

	public boolean isEnabled() {
		return this.all || !this.names.isEmpty();
	}

	/**
	 * Adds the selected headers to {@code attributes}.
	 * @param present the names of the headers present, read only when capturing all
	 * @param values the values of a header, looked up case-insensitively
	 */
	public void capture(AttributesBuilder attributes, AttributeKeyTemplate<List<String>> template,
			Iterable<String> present, Function<String, List<String>> values) {
		if (!isEnabled()) {
			return;
		}
		Iterable<String> selected = this.all ? present : this.names;
		for (String name : selected) {
			List<String> headerValues = values.apply(name);
			if (headerValues == null || headerValues.isEmpty()) {
				continue;
			}
			String key = name.toLowerCase(Locale.ROOT);
			String scrubbed = SensitiveData.scrubbedHeaderValue(key);
			List<String> recorded = headerValues;
			if (scrubbed != null) {
				recorded = new ArrayList<>(headerValues.size());
				for (int i = 0; i < headerValues.size(); i++) {
					recorded.add(scrubbed);
				}
			}
			attributes.put(template.getAttributeKey(key), List.copyOf(recorded));
		}
	}

}
