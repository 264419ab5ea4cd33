package dev.logspring.logfire.scrubbing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a value sits in a span, Logfire style ({@code ["attributes", "user", "password"]}): a
 * linked list that becomes a list only when something is scrubbed. A cursor's last element is
 * set per value, so that walking the attributes of a span allocates nothing; paths are only ever
 * read ({@link #toList()}) while their cursor still points at the value.
 */
final class Path {

	static final Path ROOT = new Path(null, null);

	private final Path parent;

	private Object element;

	private Path(Path parent, Object element) {
		this.parent = parent;
		this.element = element;
	}

	static Path of(Object... elements) {
		Path path = ROOT;
		for (Object element : elements) {
			path = path.with(element);
		}
		return path;
	}

	Path with(Object element) {
		return new Path(this, element);
	}

	/** A child whose element is set with {@link #at(Object)}, value after value. */
	Path cursor() {
		return new Path(this, null);
	}

	Path at(Object element) {
		this.element = element;
		return this;
	}

	List<Object> toList() {
		List<Object> elements = new ArrayList<>();
		for (Path path = this; path.parent != null; path = path.parent) {
			elements.add(path.element);
		}
		Collections.reverse(elements);
		return elements;
	}

}
