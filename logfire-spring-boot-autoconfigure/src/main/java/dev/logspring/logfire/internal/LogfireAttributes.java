package dev.logspring.logfire.internal;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names Logfire's backend and UI read (see Logfire's Python SDK), in one place.
 */
public final class LogfireAttributes {

	public static final AttributeKey<String> SPAN_TYPE = AttributeKey.stringKey("logfire.span_type");

	public static final AttributeKey<String> MSG_TEMPLATE = AttributeKey.stringKey("logfire.msg_template");

	public static final AttributeKey<String> MSG = AttributeKey.stringKey("logfire.msg");

	public static final AttributeKey<Long> LEVEL_NUM = AttributeKey.longKey("logfire.level_num");

	public static final AttributeKey<List<String>> TAGS = AttributeKey.stringArrayKey("logfire.tags");

	public static final AttributeKey<String> JSON_SCHEMA = AttributeKey.stringKey("logfire.json_schema");

	public static final AttributeKey<String> SCRUBBED = AttributeKey.stringKey("logfire.scrubbed");

	public static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function");

	public static final AttributeKey<String> CODE_NAMESPACE = AttributeKey.stringKey("code.namespace");

	public static final AttributeKey<String> CODE_FILEPATH = AttributeKey.stringKey("code.filepath");

	public static final AttributeKey<Long> CODE_LINENO = AttributeKey.longKey("code.lineno");

	public static final AttributeKey<String> EXCEPTION_ESCAPED = AttributeKey.stringKey("exception.escaped");

	public static final String SPAN_TYPE_SPAN = "span";

	public static final String SPAN_TYPE_LOG = "log";

	/** The copy of a span still running that Logfire shows live. */
	public static final String SPAN_TYPE_PENDING = "pending_span";

	/** On a pending copy: the real span's parent, 16 hex digits (zeros for a root). */
	public static final AttributeKey<String> PENDING_PARENT_ID = AttributeKey.stringKey("logfire.pending_parent_id");

	/** Logfire truncates each value formatted into {@code logfire.msg} to this many characters. */
	public static final int MESSAGE_VALUE_MAX_LENGTH = 128;

	private LogfireAttributes() {
	}

}
