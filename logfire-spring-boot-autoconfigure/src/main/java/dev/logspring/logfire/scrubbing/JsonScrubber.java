package dev.logspring.logfire.scrubbing;

import java.util.Map;

import dev.logspring.logfire.scrubbing.ScrubKeys.Key;
import dev.logspring.logfire.scrubbing.ScrubKeys.KeyKind;
import dev.logspring.logfire.scrubbing.ScrubPatterns.Found;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Scrubbing of a string value that holds JSON: key by key and value by value, as attributes are,
 * so that the rest keeps its shape. JSON held in a JSON string is read too, a few levels deep.
 * Thread-safe.
 */
final class JsonScrubber {

	private static final int MAX_JSON_DEPTH = 4;

	private final ScrubPatterns patterns;

	private final ScrubKeys keys;

	private final Redactor redactor;

	JsonScrubber(ScrubPatterns patterns, ScrubKeys keys, Redactor redactor) {
		this.patterns = patterns;
		this.keys = keys;
		this.redactor = redactor;
	}

	static boolean looksLikeJson(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!Character.isWhitespace(c)) {
				return c == '{' || c == '[';
			}
		}
		return false;
	}

	/** The scrubbed JSON text, the same text when nothing changed, or null when it is not JSON. */
	@Nullable String scrub(Path path, String text, Notes notes) {
		return scrub(path, text, notes, 0);
	}

	private @Nullable String scrub(Path path, String text, Notes notes, int depth) {
		if (depth >= MAX_JSON_DEPTH || !looksLikeJson(text)) {
			return null;
		}
		JsonNode root;
		try {
			root = JsonMapper.shared().readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (root == null || !(root.isObject() || root.isArray())) {
			return null;
		}
		int before = notes.changes();
		JsonNode scrubbed = scrubNode(path, root, notes, depth);
		return (notes.changes() == before && scrubbed == root) ? text : JsonMapper.shared().writeValueAsString(scrubbed);
	}

	private JsonNode scrubNode(Path path, JsonNode node, Notes notes, int depth) {
		if (node instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> property : object.properties()) {
				String key = property.getKey();
				JsonNode child = property.getValue();
				Key kind = this.keys.classify(key);
				if (kind.kind() == KeyKind.SAFE) {
					continue;
				}
				Found found = (kind.kind() == KeyKind.MATCHED) ? kind.found() : null;
				JsonNode replaced = (found != null) ? redactNode(path.with(key), child, found, notes)
						: scrubNode(path.with(key), child, notes, depth);
				if (replaced != child) {
					property.setValue(replaced);
				}
			}
			return object;
		}
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode child = array.get(i);
				JsonNode replaced = scrubNode(path.with(i), child, notes, depth);
				if (replaced != child) {
					array.set(i, replaced);
				}
			}
			return array;
		}
		if (node.isString()) {
			String value = node.stringValue();
			Found found = this.patterns.find(value, 0);
			if (found == null || found.isBareWordOf(value)) {
				return node;
			}
			String json = scrub(path, value, notes, depth + 1);
			String result = (json != null) ? json
					: (String) this.redactor.redact(path, value, found, false, notes, value);
			return (result.equals(value)) ? node : StringNode.valueOf(result);
		}
		return node;
	}

	private JsonNode redactNode(Path path, JsonNode value, Found found, Notes notes) {
		Object plain = value.isString() ? value.stringValue() : value.isNumber() ? value.numberValue()
				: value.isBoolean() ? (Object) value.booleanValue() : value.toString();
		Object result = this.redactor.redact(path, plain, found, true, notes, plain);
		if (result == plain) {
			return value;
		}
		StringNode replacement = StringNode.valueOf(String.valueOf(result));
		return value.isArray() ? JsonMapper.shared().createArrayNode().add(replacement) : replacement;
	}

}
