package dev.logspring.logfire.internal;

import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanBuilder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns arbitrary Java values into span attributes the way Logfire does: scalars keep their
 * type, everything else becomes a JSON string described in {@code logfire.json_schema}.
 * <p>
 * Never throws: a value whose serialisation or {@code toString()} fails, a cyclic graph or a
 * huge one yields a short placeholder or a truncated JSON text, and the caller's work goes on.
 */
public final class AttributeValues {

	/** Longest JSON text produced for one value, before the truncation marker. */
	public static final int DEFAULT_MAX_JSON_LENGTH = 4096;

	/** Ends every value the starter cuts short. */
	public static final String TRUNCATION_MARKER = "...[truncated]";

	// Not Jackson's shared mapper, which the rest of the starter uses: a value of any user type
	// must serialise (empty beans, self references) and dates must be ISO text.
	private static final JsonMapper MAPPER = JsonMapper.builder()
		// Exact, as Python sends a Decimal (and as logfire.json_schema describes it).
		.withConfigOverride(BigDecimal.class, (type) -> type.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
		.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
		.disable(SerializationFeature.FAIL_ON_SELF_REFERENCES)
		.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
		.build();

	private AttributeValues() {
	}

	/**
	 * Adds {@code value} under {@code key}; a non-scalar is added as JSON and described in
	 * {@code schema}. Null values are skipped.
	 */
	public static void put(AttributesBuilder attributes, String key, @Nullable Object value, @Nullable JsonSchema schema,
			int maxJsonLength) {
		if (value == null) {
			return;
		}
		switch (Kind.of(value)) {
			case STRING -> attributes.put(AttributeKey.stringKey(key), (String) value);
			case BOOLEAN -> attributes.put(AttributeKey.booleanKey(key), (Boolean) value);
			case LONG -> attributes.put(AttributeKey.longKey(key), ((Number) value).longValue());
			case DOUBLE -> attributes.put(AttributeKey.doubleKey(key), ((Number) value).doubleValue());
			case TEXT -> attributes.put(AttributeKey.stringKey(key), safeToString(value));
			case JSON -> {
				attributes.put(AttributeKey.stringKey(key), toJson(value, maxJsonLength));
				if (schema != null) {
					schema.add(key, value);
				}
			}
		}
	}

	/** JSON text of {@code value}, at most {@code maxLength} characters plus a marker. */
	public static String toJson(Object value, int maxLength) {
		BoundedWriter writer = new BoundedWriter(maxLength);
		try {
			MAPPER.writeValue(writer, value);
			return writer.toString();
		}
		catch (BoundedWriter.LimitReached ex) {
			return writer.toString() + TRUNCATION_MARKER;
		}
		catch (RuntimeException | StackOverflowError ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				if (cause instanceof BoundedWriter.LimitReached) {
					return writer.toString() + TRUNCATION_MARKER;
				}
				cause = cause.getCause();
			}
			if (cause instanceof BoundedWriter.LimitReached) {
				return writer.toString() + TRUNCATION_MARKER;
			}
			return "\"<unserializable " + value.getClass().getName() + ": " + ex.getClass().getSimpleName() + ">\"";
		}
	}

	/** {@code String.valueOf(value)}, or a placeholder naming the type when {@code toString()} throws. */
	public static String safeToString(Object value) {
		try {
			return String.valueOf(value);
		}
		catch (RuntimeException | StackOverflowError ex) {
			return "<" + value.getClass().getName() + ".toString() failed: " + ex.getClass().getSimpleName() + ">";
		}
	}

	/**
	 * The attribute keys of one name, made once: sets a scalar value straight on a span builder,
	 * typed as {@link #put} would type it, without allocating keys or an attribute set per call.
	 */
	public static final class ScalarKeys {

		private static final BoundedCache<String, ScalarKeys> CACHE = new BoundedCache<>(1024);

		private final String name;

		private final AttributeKey<String> string;

		private final AttributeKey<Boolean> bool;

		private final AttributeKey<Long> whole;

		private final AttributeKey<Double> decimal;

		private ScalarKeys(String name) {
			this.name = name;
			this.string = AttributeKey.stringKey(name);
			this.bool = AttributeKey.booleanKey(name);
			this.whole = AttributeKey.longKey(name);
			this.decimal = AttributeKey.doubleKey(name);
		}

		/** The keys for {@code name}, shared while fewer than 1024 names have been seen. */
		public static ScalarKeys of(String name) {
			return CACHE.get(name, ScalarKeys::new);
		}

		public String name() {
			return this.name;
		}

		/**
		 * Sets {@code value} if it is a string, boolean or number that keeps its type; returns
		 * false, setting nothing, for any other value (to be added with {@link #put}). Null is
		 * skipped.
		 */
		public boolean set(SpanBuilder span, Object value) {
			if (value == null) {
				return true;
			}
			switch (Kind.of(value)) {
				case STRING -> span.setAttribute(this.string, (String) value);
				case BOOLEAN -> span.setAttribute(this.bool, (Boolean) value);
				case LONG -> span.setAttribute(this.whole, ((Number) value).longValue());
				case DOUBLE -> span.setAttribute(this.decimal, ((Number) value).doubleValue());
				default -> {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * How a value is sent, the one rule for span, log and metric attributes. As in Logfire's
	 * Python SDK, only strings, booleans and numbers of a primitive type are OpenTelemetry
	 * scalars; a {@code BigDecimal} is JSON text described as {@code "format":"decimal"}, as
	 * Python sends a {@code Decimal}, so it is neither rounded nor cut to a whole number.
	 */
	private enum Kind {

		STRING, BOOLEAN, LONG, DOUBLE,

		/** Sent as its {@code toString()}. */
		TEXT,

		/** Sent as JSON text and described in {@code logfire.json_schema}. */
		JSON;

		static Kind of(Object value) {
			if (value instanceof String) {
				return STRING;
			}
			if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
				return LONG;
			}
			if (value instanceof Boolean) {
				return BOOLEAN;
			}
			if (value instanceof Double || value instanceof Float) {
				return DOUBLE;
			}
			if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>
					|| value instanceof BigInteger || value instanceof UUID || value instanceof TemporalAccessor) {
				return TEXT;
			}
			return JSON;
		}

	}

	/** Builds the {@code logfire.json_schema} value for the JSON-encoded attributes of one span. */
	public static final class JsonSchema {

		private @Nullable StringBuilder properties;

		void add(String key, Object value) {
			if (this.properties == null) {
				this.properties = new StringBuilder();
			}
			else {
				this.properties.append(',');
			}
			this.properties.append(JsonSchemas.quote(key)).append(':').append(JsonSchemas.of(value));
		}

		public boolean isEmpty() {
			return this.properties == null;
		}

		/** Writes the schema into {@code attributes} when any JSON attribute was added. */
		public void applyTo(AttributesBuilder attributes) {
			if (this.properties != null) {
				attributes.put(LogfireAttributes.JSON_SCHEMA,
						"{\"type\":\"object\",\"properties\":{" + this.properties + "}}");
			}
		}

	}

	/** A writer that refuses to grow past a limit, so a huge graph costs bounded memory. */
	static final class BoundedWriter extends Writer {

		private final StringBuilder buffer = new StringBuilder();

		private final int limit;

		BoundedWriter(int limit) {
			this.limit = limit;
		}

		@Override
		public void write(char[] cbuf, int off, int len) {
			int room = this.limit - this.buffer.length();
			if (len > room) {
				this.buffer.append(cbuf, off, Math.max(room, 0));
				throw new LimitReached();
			}
			this.buffer.append(cbuf, off, len);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

		@Override
		public String toString() {
			return this.buffer.toString();
		}

		static final class LimitReached extends RuntimeException {

			LimitReached() {
				super("JSON size limit reached", null, false, false);
			}

		}

	}

}
