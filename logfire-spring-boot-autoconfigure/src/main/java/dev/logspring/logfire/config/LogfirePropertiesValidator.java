package dev.logspring.logfire.config;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static dev.logspring.logfire.config.PropertyChecks.requireAtLeast;
import static dev.logspring.logfire.config.PropertyChecks.requirePositive;
import static dev.logspring.logfire.config.PropertyChecks.requireRate;

/**
 * Fails startup on a {@code logfire.*} value the starter cannot work with, as soon as the
 * properties are bound; the connection settings are checked where they are resolved
 * ({@link PropertiesLogfireConnectionDetails}).
 */
public final class LogfirePropertiesValidator {

	/** The shortest value length a cap may set: room for the truncation marker and some text. */
	static final int MIN_VALUE_LENGTH = 64;

	public LogfirePropertiesValidator(LogfireProperties properties) {
		requireRate("logfire.sampling.rate", properties.getSampling().getRate());
		LogfireProperties.Export export = properties.getExport();
		requirePositive("logfire.export.batch-size", export.getBatchSize());
		requirePositive("logfire.export.max-queue-size", export.getMaxQueueSize());
		if (export.getBatchSize() > export.getMaxQueueSize()) {
			throw new InvalidConfigurationPropertyValueException("logfire.export.batch-size",
					String.valueOf(export.getBatchSize()),
					"a number not above logfire.export.max-queue-size (" + export.getMaxQueueSize() + ")");
		}
		requirePositive("logfire.export.schedule-delay", export.getScheduleDelay());
		requirePositive("logfire.export.timeout", export.getTimeout());
		requireAtLeast("logfire.max-event-size", properties.getMaxEventSize(), MIN_VALUE_LENGTH);
		LogfireProperties.Limits limits = properties.getLimits();
		requirePositive("logfire.limits.max-attributes", limits.getMaxAttributes());
		requirePositive("logfire.limits.max-events", limits.getMaxEvents());
		requirePositive("logfire.limits.max-links", limits.getMaxLinks());
		requirePositive("logfire.limits.max-attributes-per-event", limits.getMaxAttributesPerEvent());
		requirePositive("logfire.limits.max-attributes-per-link", limits.getMaxAttributesPerLink());
		requireAtLeast("logfire.limits.max-array-length", limits.getMaxArrayLength(), 2);
		requireAtLeast("logfire.limits.max-stacktrace-length", limits.getMaxStacktraceLength(), MIN_VALUE_LENGTH);
		LogfireProperties.Tail tail = properties.getSampling().getTail();
		requirePositive("logfire.sampling.tail.duration-threshold", tail.getDurationThreshold());
		requireRate("logfire.sampling.tail.background-rate", tail.getBackgroundRate());
		requirePositive("logfire.sampling.tail.max-buffered-spans", tail.getMaxBufferedSpans());
		requirePositive("logfire.sampling.tail.max-buffered-traces", tail.getMaxBufferedTraces());
		requirePositive("logfire.sampling.tail.trace-timeout", tail.getTraceTimeout());
	}

}
