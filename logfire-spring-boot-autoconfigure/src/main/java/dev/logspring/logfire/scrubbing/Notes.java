package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * What was scrubbed in one span, for {@code logfire.scrubbed}:
 * {@code [{"path": [...], "matched_substring": "<reason>"}]}. One per span, used by one thread.
 */
final class Notes {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

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
				JsonNode parsed = MAPPER.readTree(existing);
				if (parsed instanceof ArrayNode previous) {
					array = previous;
				}
			}
			catch (RuntimeException ex) {
				// Not ours: replaced by our notes.
			}
		}
		if (array == null) {
			array = MAPPER.createArrayNode();
		}
		for (Map<String, Object> entry : this.entries) {
			array.add(MAPPER.valueToTree(entry));
		}
		return MAPPER.writeValueAsString(array);
	}

}
