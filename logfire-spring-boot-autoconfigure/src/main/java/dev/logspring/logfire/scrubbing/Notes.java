package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.internal.LogfireAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What was scrubbed in one span, for {@code logfire.scrubbed}:
 * {@code [{"path": [...], "matched_substring": "<reason>"}]}. One per span, used by one thread.
 */
final class Notes {

	/** How the JS SDK describes its notes: objects of a path and a matched substring. */
	private static final String SCRUBBED_SCHEMA = "{\"type\":\"array\",\"items\":{\"type\":\"object\","
			+ "\"properties\":{\"path\":{\"type\":\"array\"},\"matched_substring\":{\"type\":\"string\"}}}}";

	private static final String SCHEMA_OF_NOTES_ONLY = "{\"type\":\"object\",\"properties\":{\""
			+ LogfireAttributes.SCRUBBED.getKey() + "\":" + SCRUBBED_SCHEMA + "}}";

	private List<Map<String, Object>> entries;

	private int changes;

	void add(List<Object> path, String reason) {
		if (this.entries == null) {
			this.entries = new ArrayList<>(4);
		}
		Map<String, Object> entry = new LinkedHashMap<>(4);
		entry.put("path", path);
		entry.put("matched_substring", reason);
		this.entries.add(entry);
		this.changes++;
	}

	/** A value was changed without a note (a callback chose the replacement). */
	void changed() {
		this.changes++;
	}

	int changes() {
		return this.changes;
	}

	boolean isEmpty() {
		return this.entries == null;
	}

	/** The JSON for {@code logfire.scrubbed}, appended to what the span already had. */
	String toJson(String existing) {
		ArrayNode array = null;
		if (existing != null) {
			try {
				JsonNode parsed = JsonMapper.shared().readTree(existing);
				if (parsed instanceof ArrayNode previous) {
					array = previous;
				}
			}
			catch (RuntimeException ex) {
				// Not ours: replaced by our notes.
			}
		}
		if (array == null) {
			array = JsonMapper.shared().createArrayNode();
		}
		for (Map<String, Object> entry : this.entries) {
			array.add(JsonMapper.shared().valueToTree(entry));
		}
		return JsonMapper.shared().writeValueAsString(array);
	}

	/**
	 * {@code logfire.json_schema} with an entry for {@code logfire.scrubbed}, which holds JSON
	 * (as the JS SDK describes it; Python's leaves it out), added to the span's own schema.
	 */
	static String describeNotesIn(String schema) {
		if (schema == null) {
			return SCHEMA_OF_NOTES_ONLY;
		}
		try {
			if (JsonMapper.shared().readTree(schema) instanceof ObjectNode root
					&& root.get("properties") instanceof ObjectNode properties) {
				properties.set(LogfireAttributes.SCRUBBED.getKey(), JsonMapper.shared().readTree(SCRUBBED_SCHEMA));
				return JsonMapper.shared().writeValueAsString(root);
			}
		}
		catch (RuntimeException ex) {
			// Not ours: replaced by one that describes the notes.
		}
		return SCHEMA_OF_NOTES_ONLY;
	}

}
