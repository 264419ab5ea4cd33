package dev.logspring.logfire.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A Logfire message template such as {@code loaded {rows} rows}, parsed once. Formatting fills
 * each {@code {name}} from a lookup; unknown names are left as written, and each value is cut to
 * Logfire's 128 characters. {@code {{} and {@code }}} stand for literal braces.
 */
public final class MessageTemplate {

	private static final BoundedCache<String, MessageTemplate> CACHE = new BoundedCache<>(1024);

	private final String text;

	private final List<String> literals;

	private final List<String> names;

	private MessageTemplate(String text, List<String> literals, List<String> names) {
		this.text = text;
		this.literals = literals;
		this.names = names;
	}

	/**
	 * The parsed form of {@code text}, cached: templates are mostly constants in code, so each is
	 * parsed once. At most 1024 are kept, so that templates built at run time cost no memory.
	 */
	public static MessageTemplate of(String text) {
		return CACHE.get(text, MessageTemplate::parse);
	}

	public static MessageTemplate parse(String text) {
		List<String> literals = new ArrayList<>();
		List<String> names = new ArrayList<>();
		StringBuilder literal = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
				literal.append('{');
				i += 2;
				continue;
			}
			if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
				literal.append('}');
				i += 2;
				continue;
			}
			int close = (c == '{') ? text.indexOf('}', i + 1) : -1;
			if (close > i + 1) {
				literals.add(literal.toString());
				literal.setLength(0);
				names.add(text.substring(i + 1, close).trim());
				i = close + 1;
				continue;
			}
			literal.append(c);
			i++;
		}
		literals.add(literal.toString());
		return new MessageTemplate(text, Collections.unmodifiableList(literals), Collections.unmodifiableList(names));
	}

	public String text() {
		return this.text;
	}

	/** Placeholder names in order of appearance. */
	public List<String> names() {
		return this.names;
	}

	public boolean hasPlaceholders() {
		return !this.names.isEmpty();
	}

	/**
	 * Formats the message. A lookup that returns {@code null} leaves the placeholder as written;
	 * a value whose {@code toString()} throws is shown as its type name.
	 */
	public String format(Function<String, ?> values) {
		if (this.names.isEmpty()) {
			return this.literals.get(0);
		}
		StringBuilder out = new StringBuilder(this.text.length() + 32);
		for (int i = 0; i < this.names.size(); i++) {
			out.append(this.literals.get(i));
			String name = this.names.get(i);
			Object value = values.apply(name);
			if (value == null) {
				out.append('{').append(name).append('}');
			}
			else {
				out.append(truncate(AttributeValues.safeToString(value)));
			}
		}
		out.append(this.literals.get(this.names.size()));
		return out.toString();
	}

	/**
	 * The placeholder values of {@code message}, formatted from this template, in order; null
	 * when the message does not split unambiguously (it does not fit the literals, or two
	 * placeholders sit side by side).
	 */
	public @Nullable List<String> values(String message) {
		if (!message.startsWith(this.literals.get(0))) {
			return null;
		}
		int count = this.names.size();
		List<String> values = new ArrayList<>(count);
		int position = this.literals.get(0).length();
		for (int i = 0; i < count; i++) {
			String next = this.literals.get(i + 1);
			int end;
			if (i == count - 1) {
				end = message.length() - next.length();
				if (end < position || !message.endsWith(next)) {
					return null;
				}
			}
			else {
				end = next.isEmpty() ? -1 : message.indexOf(next, position);
				if (end < 0) {
					return null;
				}
			}
			values.add(message.substring(position, end));
			position = end + next.length();
		}
		return values;
	}

	/** The message with {@code values} (one per placeholder, in order), each cut to 128 characters. */
	public String formatValues(List<String> values) {
		StringBuilder out = new StringBuilder(this.text.length() + 32);
		for (int i = 0; i < this.names.size(); i++) {
			out.append(this.literals.get(i)).append(truncate(values.get(i)));
		}
		return out.append(this.literals.get(this.names.size())).toString();
	}

	/** Returns a template with the given placeholders replaced by fixed text, others kept. */
	public MessageTemplate bind(Function<String, String> fixed) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < this.names.size(); i++) {
			out.append(escape(this.literals.get(i)));
			String name = this.names.get(i);
			String value = fixed.apply(name);
			out.append((value != null) ? escape(value) : "{" + name + "}");
		}
		out.append(escape(this.literals.get(this.names.size())));
		return parse(out.toString());
	}

	private static String escape(String literal) {
		return literal.replace("{", "{{").replace("}", "}}");
	}

	private static String truncate(String value) {
		int max = LogfireAttributes.MESSAGE_VALUE_MAX_LENGTH;
		return (value.length() <= max) ? value : value.substring(0, max - 1) + "…";
	}

	@Override
	public String toString() {
		return this.text;
	}

}
