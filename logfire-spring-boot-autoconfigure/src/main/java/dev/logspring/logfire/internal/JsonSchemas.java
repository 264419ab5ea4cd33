package dev.logspring.logfire.internal;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;

/**
 * The JSON schema of one value sent as JSON text, built as Logfire's Python SDK builds it
 * ({@code logfire/_internal/json_schema.py}) so that Logfire's UI renders it the same way:
 * <ul>
 * <li>records and beans: {@code {"type":"object","title":"Order","x-python-datatype":"dataclass"}}
 * and {@code properties} for the fields whose own schema says more than plain JSON;</li>
 * <li>maps: {@code properties} per key up to 10 keys, {@code additionalProperties} when up to
 * 100 values share one schema that says more than plain JSON;</li>
 * <li>collections and arrays: {@code items} when every element has one schema,
 * {@code prefixItems} otherwise, only when an element says more than plain JSON; sets and
 * queues are marked {@code set} and {@code deque};</li>
 * <li>dates ({@code date-time}, {@code date}, {@code time}), {@code BigDecimal}
 * ({@code decimal}, sent as a string as Python sends a {@code Decimal}), UUIDs and enums
 * ({@code Enum} with its constants) with Python's formats and markers.</li>
 * </ul>
 * Python's marker names are kept ({@code x-python-datatype}) because they are what the UI reads;
 * a Java record or bean is what Python calls a dataclass. What a class is, its title, marker
 * and properties, is worked out once per class; only the values are visited per call, at most
 * {@value #MAX_DEPTH} levels deep and {@value #MAX_ITEMS} elements per collection, and never
 * twice the same object on one path.
 */
final class JsonSchemas {

	static final String PLAIN = "{}";

	/** Schemas that say nothing the JSON text does not (Python's {@code PLAIN_SCHEMAS}). */
	private static final Set<String> PLAIN_SCHEMAS = Set.of(PLAIN, "{\"type\":\"object\"}", "{\"type\":\"array\"}",
			"{\"type\":\"null\"}");

	private static final String NULL = "{\"type\":\"null\"}";

	private static final int MAX_DEPTH = 4;

	private static final int MAX_ITEMS = 20;

	private static final int SMALL_MAP = 10;

	private static final int LARGE_MAP = 100;

	private static final int LONG_KEY = 100;

	private static final ClassValue<Shape> SHAPES = new ClassValue<>() {

		@Override
		protected Shape computeValue(Class<?> type) {
			return Shape.of(type);
		}

	};

	private JsonSchemas() {
	}

	/** The schema of {@code value}, as JSON text. Never throws. */
	static String of(Object value) {
		try {
			return describe(value, 0, new IdentityHashMap<>());
		}
		catch (RuntimeException | StackOverflowError ex) {
			return "{\"type\":\"object\",\"x-python-datatype\":\"unknown\"}";
		}
	}

	private static String describe(Object value, int depth, Map<Object, Boolean> path) {
		if (value == null) {
			return NULL;
		}
		Shape shape = SHAPES.get(value.getClass());
		if (shape.constant != null) {
			return shape.constant;
		}
		if (depth >= MAX_DEPTH || path.put(value, Boolean.TRUE) != null) {
			return PLAIN;
		}
		try {
			return switch (shape.kind) {
				case MAP -> map(shape, (Map<?, ?>) value, depth, path);
				case COLLECTION -> array(shape, elements(value), depth, path);
				case OBJECT -> object(shape, value, depth, path);
				default -> PLAIN;
			};
		}
		finally {
			path.remove(value);
		}
	}

	private static List<Object> elements(Object value) {
		List<Object> elements = new ArrayList<>(MAX_ITEMS);
		if (value instanceof Collection<?> collection) {
			for (Object element : collection) {
				if (elements.size() == MAX_ITEMS) {
					break;
				}
				elements.add(element);
			}
		}
		else {
			int length = Math.min(Array.getLength(value), MAX_ITEMS);
			for (int i = 0; i < length; i++) {
				elements.add(Array.get(value, i));
			}
		}
		return elements;
	}

	private static String array(Shape shape, List<Object> elements, int depth, Map<Object, Boolean> path) {
		StringBuilder schema = new StringBuilder("{\"type\":\"array\"");
		if (shape.marker != null) {
			schema.append(",\"x-python-datatype\":\"").append(shape.marker).append('"');
		}
		List<String> items = new ArrayList<>(elements.size());
		boolean same = true;
		boolean saysMore = false;
		for (Object element : elements) {
			String item = describe(element, depth + 1, path);
			same &= items.isEmpty() || item.equals(items.get(items.size() - 1));
			saysMore |= !PLAIN_SCHEMAS.contains(item);
			items.add(item);
		}
		if (saysMore) {
			if (same) {
				schema.append(",\"items\":").append(items.get(0));
			}
			else {
				schema.append(",\"prefixItems\":[").append(String.join(",", items)).append(']');
			}
		}
		return schema.append('}').toString();
	}

	private static String map(Shape shape, Map<?, ?> map, int depth, Map<Object, Boolean> path) {
		StringBuilder schema = new StringBuilder("{\"type\":\"object\"");
		int size = map.size();
		boolean longKey = map.keySet().stream().anyMatch((key) -> String.valueOf(key).length() > LONG_KEY);
		if (size <= SMALL_MAP && !longKey) {
			properties(schema, map, depth, path);
		}
		else if (size <= LARGE_MAP) {
			String common = null;
			boolean same = true;
			for (Object element : map.values()) {
				String item = describe(element, depth + 1, path);
				same &= common == null || common.equals(item);
				common = (common != null) ? common : item;
			}
			if (same && common != null && !PLAIN_SCHEMAS.contains(common)) {
				schema.append(",\"additionalProperties\":").append(common);
			}
			else if (!longKey) {
				properties(schema, map, depth, path);
			}
		}
		if (shape.title != null) {
			schema.append(",\"x-python-datatype\":\"Mapping\",\"title\":").append(quote(shape.title));
		}
		return schema.append('}').toString();
	}

	private static void properties(StringBuilder schema, Map<?, ?> values, int depth, Map<Object, Boolean> path) {
		int start = schema.length();
		for (Map.Entry<?, ?> entry : values.entrySet()) {
			String property = describe(entry.getValue(), depth + 1, path);
			if (!PLAIN_SCHEMAS.contains(property)) {
				schema.append((schema.length() == start) ? ",\"properties\":{" : ",")
					.append(quote(String.valueOf(entry.getKey())))
					.append(':')
					.append(property);
			}
		}
		if (schema.length() > start) {
			schema.append('}');
		}
	}

	private static String object(Shape shape, Object value, int depth, Map<Object, Boolean> path) {
		StringBuilder schema = new StringBuilder("{\"type\":\"object\",\"title\":").append(quote(shape.title))
			.append(",\"x-python-datatype\":\"").append(shape.marker).append('"');
		Map<String, Object> values = new java.util.LinkedHashMap<>();
		for (int i = 0; i < shape.names.size(); i++) {
			try {
				values.put(shape.names.get(i), shape.accessors.get(i).invoke(value));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// A property that cannot be read says nothing (Python suppresses it too).
			}
		}
		properties(schema, values, depth, path);
		return schema.append('}').toString();
	}

	/** {@code text} as a JSON string. */
	static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	private enum Kind {

		LEAF, MAP, COLLECTION, OBJECT

	}

	/** What one class is, for its schema; worked out once per class. */
	private record Shape(Kind kind, @Nullable String constant, @Nullable String title, @Nullable String marker,
			List<String> names, List<Method> accessors) {

		static Shape leaf(String constant) {
			return new Shape(Kind.LEAF, constant, null, null, List.of(), List.of());
		}

		static Shape of(Class<?> type) {
			if (type == String.class || type == Boolean.class || type == Character.class
					|| (Number.class.isAssignableFrom(type) && type != BigDecimal.class)) {
				return leaf(PLAIN);
			}
			if (type == BigDecimal.class) {
				return leaf("{\"type\":\"string\",\"format\":\"decimal\",\"x-python-datatype\":\"Decimal\"}");
			}
			if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
					|| type == LocalDateTime.class || Date.class.isAssignableFrom(type)) {
				return leaf("{\"type\":\"string\",\"format\":\"date-time\",\"x-python-datatype\":\"datetime\"}");
			}
			if (type == LocalDate.class) {
				return leaf("{\"type\":\"string\",\"format\":\"date\",\"x-python-datatype\":\"date\"}");
			}
			if (type == LocalTime.class || type == OffsetTime.class) {
				return leaf("{\"type\":\"string\",\"format\":\"time\",\"x-python-datatype\":\"time\"}");
			}
			if (type == UUID.class) {
				return leaf("{\"type\":\"string\",\"format\":\"uuid\"}");
			}
			if (type == byte[].class) {
				return leaf("{\"type\":\"string\",\"x-python-datatype\":\"bytes\"}");
			}
			if (type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
				return enumeration(type.isEnum() ? type : type.getSuperclass());
			}
			if (Throwable.class.isAssignableFrom(type)) {
				return leaf("{\"type\":\"object\",\"title\":" + quote(type.getSimpleName())
						+ ",\"x-python-datatype\":\"Exception\"}");
			}
			if (Map.class.isAssignableFrom(type)) {
				// Every map of the JDK is what Python calls a dict; others are named.
				return new Shape(Kind.MAP, null, type.getName().startsWith("java.") ? null : type.getSimpleName(),
						null, List.of(), List.of());
			}
			if (Collection.class.isAssignableFrom(type) || type.isArray()) {
				String marker = Set.class.isAssignableFrom(type) ? "set"
						: Queue.class.isAssignableFrom(type) ? "deque" : null;
				return new Shape(Kind.COLLECTION, null, null, marker, List.of(), List.of());
			}
			if (type.getName().startsWith("java.")) {
				return leaf(PLAIN);
			}
			return dataclass(type);
		}

		private static Shape enumeration(Class<?> type) {
			StringBuilder constants = new StringBuilder();
			for (Object constant : type.getEnumConstants()) {
				constants.append((constants.length() == 0) ? "" : ",").append(quote(((Enum<?>) constant).name()));
			}
			return leaf("{\"type\":\"string\",\"title\":" + quote(type.getSimpleName())
					+ ",\"x-python-datatype\":\"Enum\",\"enum\":[" + constants + "]}");
		}

		/** A record's components, or a bean's public getters: the properties Jackson writes. */
		private static Shape dataclass(Class<?> type) {
			List<String> names = new ArrayList<>();
			List<Method> accessors = new ArrayList<>();
			if (type.isRecord()) {
				for (RecordComponent component : type.getRecordComponents()) {
					add(names, accessors, component.getName(), component.getAccessor());
				}
			}
			else {
				for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
					Method getter = property.getReadMethod();
					if (getter != null && !property.getName().equals("class") && Modifier.isPublic(getter.getModifiers())) {
						add(names, accessors, property.getName(), getter);
					}
				}
			}
			return new Shape(Kind.OBJECT, null, type.getSimpleName(), "dataclass", List.copyOf(names),
					List.copyOf(accessors));
		}

		private static void add(List<String> names, List<Method> accessors, String name, Method accessor) {
			if (accessor.trySetAccessible()) {
				names.add(name);
				accessors.add(accessor);
			}
		}

	}

}
