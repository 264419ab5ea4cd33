package dev.logspring.logfire.explorer;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.internal.LogfireAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ExceptionAttributes;
import org.duckdb.DuckDBAppender;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code records} table, shaped like Logfire's: one row per span or log, with the columns
 * people filter and group on pulled out of the attributes, and every attribute kept as JSON.
 */
final class SpanRecords {

	static final String TABLE = "records";

	/** Column names and types, in the order {@link #append} writes them. */
	static final String DDL = """
			CREATE TABLE records (
				start_timestamp TIMESTAMPTZ NOT NULL,
				end_timestamp TIMESTAMPTZ NOT NULL,
				duration DOUBLE,
				duration_ms DOUBLE,
				trace_id VARCHAR NOT NULL,
				span_id VARCHAR NOT NULL,
				parent_span_id VARCHAR,
				span_name VARCHAR,
				message VARCHAR,
				msg_template VARCHAR,
				level VARCHAR,
				level_num INTEGER,
				kind VARCHAR,
				otel_kind VARCHAR,
				otel_status_code VARCHAR,
				otel_status_message VARCHAR,
				otel_scope_name VARCHAR,
				service_name VARCHAR,
				service_version VARCHAR,
				deployment_environment VARCHAR,
				http_route VARCHAR,
				http_method VARCHAR,
				http_response_status_code INTEGER,
				url_path VARCHAR,
				is_exception BOOLEAN,
				exception_type VARCHAR,
				exception_message VARCHAR,
				tags VARCHAR[],
				attributes JSON
			)""";

	/** Logfire's {@code PERCENTILE(x, 95)}, as the seed's Explore query writes it. */
	static final String PERCENTILE_MACRO = "CREATE MACRO percentile(x, p) AS quantile_cont(x, p / 100.0)";

	/** Memory of the stored rows, long strings included. */
	private static final String TABLE_MEMORY = "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
			+ "WHERE tag IN ('IN_MEMORY_TABLE', 'OVERFLOW_STRINGS')";

	// Semantic-convention names first, then the names Micrometer's HTTP observations use.
	private static final List<Key> ROUTE_KEYS = Key.of("http.route", "uri");

	private static final List<Key> METHOD_KEYS = Key.of("http.request.method", "http.method", "method");

	private static final List<Key> STATUS_KEYS = Key.of("http.response.status_code", "http.status_code", "status");

	private static final List<Key> PATH_KEYS = Key.of("url.path", "http.target", "http.url");

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

	private static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("deployment.environment.name");

	private SpanRecords() {
	}

	static void append(DuckDBAppender appender, SpanData span) throws SQLException {
		Attributes attributes = span.getAttributes();
		Resource resource = span.getResource();
		long startMicros = span.getStartEpochNanos() / 1000;
		long endMicros = span.getEndEpochNanos() / 1000;
		double durationMs = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
		Level level = level(span);
		EventData exception = exceptionEvent(span);
		String route = string(attributes, ROUTE_KEYS);
		appender.beginRow();
		appender.appendEpochMicros(startMicros);
		appender.appendEpochMicros(endMicros);
		appender.append(durationMs / 1000.0);
		appender.append(durationMs);
		appender.append(span.getTraceId());
		appender.append(span.getSpanId());
		appender.append(span.getParentSpanContext().isValid() ? span.getParentSpanId() : null);
		appender.append(span.getName());
		appender.append(orDefault(attributes.get(LogfireAttributes.MSG), span.getName()));
		appender.append(attributes.get(LogfireAttributes.MSG_TEMPLATE));
		appender.append(level.name().toLowerCase(Locale.ROOT));
		appender.append(level.number());
		appender.append(orDefault(attributes.get(LogfireAttributes.SPAN_TYPE), LogfireAttributes.SPAN_TYPE_SPAN));
		appender.append(span.getKind().name().toLowerCase(Locale.ROOT));
		appender.append(span.getStatus().getStatusCode().name());
		appender.append(emptyToNull(span.getStatus().getDescription()));
		appender.append(span.getInstrumentationScopeInfo().getName());
		appender.append(resource.getAttribute(SERVICE_NAME));
		appender.append(resource.getAttribute(SERVICE_VERSION));
		appender.append(resource.getAttribute(ENVIRONMENT));
		appender.append(route);
		appender.append((route != null) ? upper(string(attributes, METHOD_KEYS)) : null);
		appender.append((route != null) ? statusCode(attributes) : null);
		appender.append(string(attributes, PATH_KEYS));
		appender.append(exception != null);
		appender.append((exception != null) ? exception.getAttributes().get(ExceptionAttributes.EXCEPTION_TYPE) : null);
		appender.append((exception != null) ? exception.getAttributes().get(ExceptionAttributes.EXCEPTION_MESSAGE) : null);
		List<String> tags = attributes.get(LogfireAttributes.TAGS);
		if (tags != null) {
			appender.append(tags);
		}
		else {
			appender.appendNull();
		}
		appender.append(toJson(attributes));
		appender.endRow();
	}

	/** Logfire's rule: the level attribute if set, else error for a failed span, else info. */
	/** Memory the stored rows take, as DuckDB counts it. */
	static long memoryBytes(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(TABLE_MEMORY)) {
			result.next();
			return result.getLong(1);
		}
	}

	private static Level level(SpanData span) {
		Long number = span.getAttributes().get(LogfireAttributes.LEVEL_NUM);
		if (number != null) {
			return Level.fromNumber(number);
		}
		return (span.getStatus().getStatusCode() == StatusCode.ERROR) ? Level.ERROR : Level.INFO;
	}

	private static EventData exceptionEvent(SpanData span) {
		for (EventData event : span.getEvents()) {
			if ("exception".equals(event.getName())) {
				return event;
			}
		}
		return null;
	}

	private static String string(Attributes attributes, List<Key> keys) {
		for (Key key : keys) {
			Object value = attributes.get(key.text());
			if (value == null) {
				value = attributes.get(key.number());
			}
			if (value != null) {
				return value.toString();
			}
		}
		return null;
	}

	/** An attribute read whether it was recorded as text or as a number. */
	private record Key(AttributeKey<String> text, AttributeKey<Long> number) {

		static List<Key> of(String... names) {
			return java.util.Arrays.stream(names)
				.map((name) -> new Key(AttributeKey.stringKey(name), AttributeKey.longKey(name)))
				.toList();
		}

	}

	private static Integer statusCode(Attributes attributes) {
		String value = string(attributes, STATUS_KEYS);
		if (value == null) {
			return null;
		}
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			// Micrometer writes "CLIENT_ERROR" and the like when no response came back.
			return null;
		}
	}

	/** Streams the attributes as one JSON object (no intermediate map: this runs for every span). */
	private static String toJson(Attributes attributes) {
		StringWriter out = new StringWriter(64 + 48 * attributes.size());
		try (JsonGenerator json = JsonMapper.shared().createGenerator(out)) {
			json.writeStartObject();
			attributes.forEach((key, value) -> {
				json.writeName(key.getKey());
				writeValue(json, value);
			});
			json.writeEndObject();
		}
		return out.toString();
	}

	private static void writeValue(JsonGenerator json, Object value) {
		if (value instanceof String text) {
			json.writeString(text);
		}
		else if (value instanceof Long number) {
			json.writeNumber(number);
		}
		else if (value instanceof Double number) {
			if (number.isNaN() || number.isInfinite()) {
				json.writeString(number.toString());
			}
			else {
				json.writeNumber(number);
			}
		}
		else if (value instanceof Boolean bool) {
			json.writeBoolean(bool);
		}
		else if (value instanceof List<?> list) {
			json.writeStartArray();
			list.forEach((element) -> writeValue(json, element));
			json.writeEndArray();
		}
		else {
			json.writeString(String.valueOf(value));
		}
	}

	private static String upper(String value) {
		return (value != null) ? value.toUpperCase(Locale.ROOT) : null;
	}

	private static String orDefault(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
