package dev.logspring.logfire.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says why an exporting span processor of the application's own stops startup, and what to do. */
class UnsanitizedExportFailureAnalyzer extends AbstractFailureAnalyzer<UnsanitizedExportException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsanitizedExportException cause) {
		String description = "The application declares exporting span processor beans " + cause.getProcessorBeans()
				+ ". Logfire's batch processor backs off for them, so the spans they export would skip scrubbing"
				+ " (secrets, tokens and personal data would leave the process as recorded).";
		String action = "Declare the exporter as a SpanExporter bean instead of wrapping it in a span processor:"
				+ " Logfire's batch processor feeds every SpanExporter bean with scrubbed spans. Tune the batching with"
				+ " logfire.export.* properties. To export unscrubbed spans on purpose, set logfire.scrubbing.enabled=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
