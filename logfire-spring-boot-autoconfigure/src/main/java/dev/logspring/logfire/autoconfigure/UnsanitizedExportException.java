package dev.logspring.logfire.autoconfigure;

import java.util.List;

/** Span processors of the application's own would export spans that were never scrubbed. */
public class UnsanitizedExportException extends IllegalStateException {

	private final List<String> processorBeans;

	UnsanitizedExportException(List<String> processorBeans) {
		super("Span processor beans " + processorBeans + " would export spans that Logfire's sanitizer never saw");
		this.processorBeans = List.copyOf(processorBeans);
	}

	public List<String> getProcessorBeans() {
		return this.processorBeans;
	}

}
