package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import dev.logspring.logfire.api.SpanSanitizer;
import dev.logspring.logfire.internal.AttributeValues;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.MessageTemplate;
import dev.logspring.logfire.internal.TelemetryErrors;
import dev.logspring.logfire.scrubbing.ScrubPatterns.Found;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * Makes a span safe to print or export: scrubs span, event and link attributes, the message and
 * the status description (see {@link Scrubber}), then cuts values to their maximum length with a
 * visible marker. Used by the export thread and the console's printer thread at once: it keeps
 * no state per span, never throws, and returns the same instance when nothing changes.
 * <p>
 * When something goes wrong inside, it fails closed: the span keeps only its safe attributes.
 */
public final class LogfireSpanSanitizer implements SpanSanitizer {

	private static final String TRUNCATION_MARKER = AttributeValues.TRUNCATION_MARKER;

	private static final Path SPAN_ATTRIBUTES = Path.of("attributes");

	private static final Path STATUS_MESSAGE = Path.of("otel_status_message");

	private final Scrubber scrubber;

	private final int maxValueLength;

	private final int maxStacktraceLength;

	private final int maxArrayLength;

	/**
	 * @param scrubber the scrubber, or null when scrubbing is off (limits still apply)
	 * @param maxValueLength longest string value (logfire.max-event-size)
	 * @param maxStacktraceLength longest {@code exception.stacktrace}
	 * @param maxArrayLength most elements in an array value
	 */
	public LogfireSpanSanitizer(Scrubber scrubber, int maxValueLength, int maxStacktraceLength, int maxArrayLength) {
		this.scrubber = scrubber;
		this.maxValueLength = maxValueLength;
		this.maxStacktraceLength = maxStacktraceLength;
		this.maxArrayLength = maxArrayLength;
	}

	@Override
	public SpanData sanitize(SpanData span) {
		try {
			return new Work(span).run();
		}
		catch (RuntimeException | StackOverflowError ex) {
			TelemetryErrors.report("scrubbing", ex);
			return failClosed(span);
		}
	}

	/** The span with only the attributes that never carry secrets, no events, no status text. */
	private SpanData failClosed(SpanData span) {
		AttributesBuilder safe = Attributes.builder();
		span.getAttributes().forEach((key, value) -> {
			if (ScrubKeys.isSafe(key.getKey()) && !(value instanceof String s && s.length() > this.maxValueLength)) {
				put(safe, key, value);
			}
		});
		List<LinkData> links = span.getLinks().stream().map((link) -> LinkData.create(link.getSpanContext())).toList();
		return new SanitizedSpanData(span, truncate(span.getName(), this.maxValueLength), safe.build(), List.of(),
				links, StatusData.create(span.getStatus().getStatusCode(), ""));
	}

	@SuppressWarnings("unchecked")
	private static void put(AttributesBuilder builder, AttributeKey<?> key, Object value) {
		builder.put((AttributeKey<Object>) key, value);
	}

	// ---- limits

	private static String truncate(String value, int max) {
		if (value == null || value.length() <= max) {
			return value;
		}
		int cut = max - TRUNCATION_MARKER.length();
		if (Character.isHighSurrogate(value.charAt(cut - 1))) {
			cut--;
		}
		return value.substring(0, cut) + TRUNCATION_MARKER;
	}

	private Object limit(String key, Object value) {
		if (value instanceof String text) {
			return truncate(text,
					ScrubKeys.STACKTRACE_KEY.equals(key) ? this.maxStacktraceLength : this.maxValueLength);
		}
		if (value instanceof List<?> list) {
			return limitList(list);
		}
		return value;
	}

	private List<?> limitList(List<?> values) {
		@SuppressWarnings("unchecked")
		List<Object> list = (List<Object>) values;
		boolean cut = list.size() > this.maxArrayLength;
		int kept = cut ? this.maxArrayLength - 1 : list.size();
		List<Object> limited = mapEach(cut ? list.subList(0, kept) : list,
				(i, element) -> (element instanceof String text) ? truncate(text, this.maxValueLength) : element);
		if (!cut) {
			return limited;
		}
		List<Object> result = new ArrayList<>(limited);
		// A string array says what it lost; other arrays can only keep one more element.
		result.add((list.get(0) instanceof String) ? TRUNCATION_MARKER + " " + (list.size() - kept) + " more"
				: list.get(kept));
		return result;
	}

	/** The sanitizing of one span; holds what was scrubbed in it. */
	private final class Work implements BiConsumer<AttributeKey<?>, Object> {

		private final SpanData span;

		private final Notes notes = new Notes();

		// State of the attribute set being visited.
		private Path cursor;

		private boolean spanAttributes;

		private List<Object[]> changes;

		private String message;

		private String messageTemplate;

		private String previousNotes;

		private String jsonSchema;

		Work(SpanData span) {
			this.span = span;
		}

		SpanData run() {
			List<Object[]> spanChanges = visit(SPAN_ATTRIBUTES, this.span.getAttributes(), true);
			String originalMessage = this.message;
			String template = this.messageTemplate;
			String previous = this.previousNotes;
			if (originalMessage != null) {
				String scrubbed = truncate(scrubMessage(originalMessage, template), maxValueLength);
				if (scrubbed != originalMessage) {
					spanChanges = change(spanChanges, LogfireAttributes.MSG, scrubbed);
				}
			}
			List<EventData> events = sanitizeEvents();
			List<LinkData> links = sanitizeLinks();
			StatusData status = sanitizeStatus();
			String name = truncate(this.span.getName(), maxValueLength);
			if (!this.notes.isEmpty()) {
				spanChanges = change(spanChanges, LogfireAttributes.SCRUBBED, this.notes.toJson(previous));
				spanChanges = change(spanChanges, LogfireAttributes.JSON_SCHEMA, Notes.describeNotesIn(this.jsonSchema));
			}
			if (spanChanges == null && events == this.span.getEvents() && links == this.span.getLinks()
					&& status == this.span.getStatus() && name == this.span.getName()) {
				return this.span;
			}
			Attributes attributes = apply(this.span.getAttributes(), spanChanges);
			return new SanitizedSpanData(this.span, name, attributes, events, links, status);
		}

		private List<EventData> sanitizeEvents() {
			return mapEach(this.span.getEvents(), (i, event) -> {
				Attributes attributes = event.getAttributes();
				Attributes sanitized = apply(attributes,
						visit(Path.of("otel_events", i, "attributes"), attributes, false));
				String name = truncate(event.getName(), maxValueLength);
				return (sanitized == attributes && name == event.getName()) ? event : EventData
					.create(event.getEpochNanos(), name, sanitized, event.getTotalAttributeCount() + sanitized.size() - attributes.size());
			});
		}

		private List<LinkData> sanitizeLinks() {
			return mapEach(this.span.getLinks(), (i, link) -> {
				Attributes attributes = link.getAttributes();
				Attributes sanitized = apply(attributes,
						visit(Path.of("otel_links", i, "attributes"), attributes, false));
				return (sanitized == attributes) ? link : LinkData.create(link.getSpanContext(), sanitized,
						link.getTotalAttributeCount() + sanitized.size() - attributes.size());
			});
		}

		private StatusData sanitizeStatus() {
			StatusData status = this.span.getStatus();
			String description = status.getDescription();
			if (description == null || description.isEmpty()) {
				return status;
			}
			String scrubbed = (scrubber != null)
					? scrubber.scrubText(STATUS_MESSAGE, description, this.notes) : description;
			scrubbed = truncate(scrubbed, maxValueLength);
			return (scrubbed == description) ? status : StatusData.create(status.getStatusCode(), scrubbed);
		}

		/** Visits one set of attributes; returns the changes, or null when there are none. */
		private List<Object[]> visit(Path prefix, Attributes attributes, boolean spanAttributes) {
			this.cursor = prefix.cursor();
			this.spanAttributes = spanAttributes;
			this.changes = null;
			attributes.forEach(this);
			return this.changes;
		}

		@Override
		public void accept(AttributeKey<?> key, Object value) {
			String name = key.getKey();
			if (this.spanAttributes) {
				if (name.equals(LogfireAttributes.MSG.getKey()) && value instanceof String text) {
					this.message = text;
					return;
				}
				if (name.equals(LogfireAttributes.SCRUBBED.getKey()) && value instanceof String text) {
					this.previousNotes = text;
				}
				else if (name.equals(LogfireAttributes.MSG_TEMPLATE.getKey()) && value instanceof String text) {
					this.messageTemplate = text;
				}
				else if (name.equals(LogfireAttributes.JSON_SCHEMA.getKey()) && value instanceof String text) {
					this.jsonSchema = text;
				}
			}
			Object result = limit(name, (scrubber != null) ? scrub(name, value) : value);
			if (result != value) {
				this.changes = change(this.changes, key, result);
			}
		}

		private Object scrub(String key, Object value) {
			ScrubKeys.Key kind = scrubber.key(key);
			if (kind.kind() == ScrubKeys.KeyKind.SAFE) {
				return value;
			}
			Path path = this.cursor.at(key);
			if (kind.kind() == ScrubKeys.KeyKind.STACKTRACE) {
				return (value instanceof String text) ? scrubber.scrubStackTrace(path, text, this.notes) : value;
			}
			if (kind.kind() == ScrubKeys.KeyKind.MATCHED) {
				return scrubber.redactKeyMatch(path, value, kind.found(), this.notes);
			}
			boolean text = kind.kind() == ScrubKeys.KeyKind.TEXT;
			if (value instanceof String string) {
				return text ? scrubber.scrubText(path, string, this.notes) : scrubber.scrubString(path, string, this.notes);
			}
			if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
				@SuppressWarnings("unchecked")
				List<String> strings = (List<String>) list;
				return mapEach(strings, (i, element) -> text ? scrubber.scrubText(path.with(i), element, this.notes)
						: scrubber.scrubString(path.with(i), element, this.notes));
			}
			return value;
		}

		/**
		 * The formatted message: each placeholder's value is scrubbed as if it were an attribute
		 * of that name (so {@code {password}} goes whatever it holds); a message that does not
		 * split along its template is scrubbed as text.
		 */
		private String scrubMessage(String message, String templateText) {
			if (scrubber == null) {
				return message;
			}
			if (templateText == null) {
				return scrubWholeMessage(message);
			}
			MessageTemplate template = MessageTemplate.of(templateText);
			if (!template.hasPlaceholders()) {
				return message.equals(templateText) ? message : scrubWholeMessage(message);
			}
			boolean keyMatch = false;
			for (String name : template.names()) {
				keyMatch |= scrubber.keyMatch(name) != null;
			}
			if (!keyMatch && !scrubber.matches(message) && !message.contains("://")) {
				return message;
			}
			List<String> values = template.values(message);
			if (values == null) {
				return scrubWholeMessage(message);
			}
			boolean changed = false;
			for (int i = 0; i < values.size(); i++) {
				String name = template.names().get(i);
				if (scrubber.key(name).kind() == ScrubKeys.KeyKind.SAFE) {
					continue;
				}
				String value = values.get(i);
				Path path = Path.of("message", name);
				Found found = scrubber.keyMatch(name);
				Object scrubbed = (found != null) ? scrubber.redactKeyMatch(path, value, found, this.notes)
						: scrubber.scrubString(path, value, this.notes);
				if (scrubbed != value) {
					values.set(i, String.valueOf(scrubbed));
					changed = true;
				}
			}
			return changed ? template.formatValues(values) : message;
		}

		private String scrubWholeMessage(String message) {
			return scrubber.scrubText(Path.of("attributes", LogfireAttributes.MSG.getKey()), message, this.notes);
		}

	}

	/**
	 * {@code list} with each element mapped, or the same list when every element maps to itself:
	 * nothing is allocated for a span with nothing to change.
	 */
	private static <T, R> List<R> mapEach(List<T> list, BiFunction<Integer, T, R> mapper) {
		List<R> result = null;
		for (int i = 0; i < list.size(); i++) {
			T element = list.get(i);
			R mapped = mapper.apply(i, element);
			if (result == null && mapped != element) {
				result = new ArrayList<>(list.size());
				for (int j = 0; j < i; j++) {
					@SuppressWarnings("unchecked")
					R same = (R) list.get(j);
					result.add(same);
				}
			}
			if (result != null) {
				result.add(mapped);
			}
		}
		@SuppressWarnings("unchecked")
		List<R> same = (List<R>) list;
		return (result != null) ? result : same;
	}

	private static List<Object[]> change(List<Object[]> changes, AttributeKey<?> key, Object value) {
		List<Object[]> result = (changes != null) ? changes : new ArrayList<>(4);
		result.add(new Object[] { key, value });
		return result;
	}

	/** {@code attributes} with the changes made, or the same instance when there are none. */
	private static Attributes apply(Attributes attributes, List<Object[]> changes) {
		if (changes == null) {
			return attributes;
		}
		AttributesBuilder builder = attributes.toBuilder();
		for (Object[] change : changes) {
			AttributeKey<?> key = (AttributeKey<?>) change[0];
			builder.removeIf((existing) -> existing.getKey().equals(key.getKey()));
			Object value = change[1];
			if (value instanceof String text) {
				builder.put(AttributeKey.stringKey(key.getKey()), text);
			}
			else if (value instanceof List<?> list && key.getType() != AttributeType.STRING_ARRAY
					&& list.stream().allMatch((element) -> !(element instanceof String))) {
				put(builder, key, value);
			}
			else if (value instanceof List<?> list) {
				builder.put(AttributeKey.stringArrayKey(key.getKey()), list.stream().map(String::valueOf).toList());
			}
			else {
				put(builder, key, value);
			}
		}
		return builder.build();
	}

}
