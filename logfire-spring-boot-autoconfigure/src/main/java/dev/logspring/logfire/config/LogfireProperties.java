package dev.logspring.logfire.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.logspring.logfire.api.Level;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Core settings of the starter, under {@code logfire.*}. Logfire's own environment variables
 * ({@code LOGFIRE_TOKEN}, ...) are mapped onto these names by
 * {@link LogfireEnvironmentPostProcessor}.
 */
@ConfigurationProperties("logfire")
public class LogfireProperties implements InitializingBean {

	/** Whether the starter is active at all. */
	private boolean enabled = true;

	/**
	 * Logfire write token; a comma-separated list sends to several projects (one exporter
	 * per token). The region is read from the token ({@code pylf_v1_eu_...}).
	 */
	private @Nullable String token;

	/** Service name ({@code service.name}); defaults to spring.application.name. */
	private @Nullable String serviceName;

	/** Service version ({@code service.version}). */
	private @Nullable String serviceVersion;

	/** Deployment environment ({@code deployment.environment.name}), e.g. prod or dev. */
	private @Nullable String environment;

	/** Whether to send to Logfire: true, false or if-token-present. */
	private String sendToLogfire = "if-token-present";

	/** Data region used when the token names none: us or eu. */
	private @Nullable String dataRegion;

	/** Logfire base URL; overrides the region. */
	private @Nullable String baseUrl;

	/** Spans and logs below this level are never created: trace, debug, info, notice, warn, error, fatal. */
	private String minLevel = "trace";

	/** Extra resource attributes added to every span and metric. */
	private Map<String, String> resourceAttributes = new LinkedHashMap<>();

	/**
	 * Longest attribute value, in characters (the article's max_event_size): longer values, JSON
	 * included, are cut and end with "...[truncated]".
	 */
	private int maxEventSize = 4096;

	/**
	 * Record on every {@code @Traced} and {@code Logfire.span} span the CPU time and heap bytes
	 * its thread spent in it ({@code thread.cpu_time_ns}, {@code thread.allocated_bytes}); one
	 * method at a time with {@code @Traced(recordThreadUsage = true)}.
	 */
	private boolean recordThreadUsage;

	private final Limits limits = new Limits();

	private final Sampling sampling = new Sampling();

	private final Export export = new Export();

	private final Otlp otlp = new Otlp();

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/** Checks every value and fails with a message naming the property, the value and what is accepted. */
	public void validate() {
		parseSendToLogfire();
		if (StringUtils.hasText(this.dataRegion) && !LogfireRegion.isKnown(this.dataRegion)) {
			throw new InvalidLogfirePropertyException("logfire.data-region", this.dataRegion,
					"one of " + LogfireRegion.names());
		}
		parseMinLevel();
		if (StringUtils.hasText(this.baseUrl)) {
			requireHttpUrl("logfire.base-url", this.baseUrl);
		}
		if (StringUtils.hasText(this.otlp.endpoint)) {
			requireHttpUrl("logfire.otlp.endpoint", this.otlp.endpoint);
		}
		if (parseSendToLogfire() == SendToLogfire.TRUE && tokens().isEmpty()) {
			throw new InvalidLogfirePropertyException("logfire.send-to-logfire", "true",
					"true only with a token: set logfire.token (LOGFIRE_TOKEN), or use if-token-present or false");
		}
		requireRate("logfire.sampling.rate", this.sampling.rate);
		requirePositive("logfire.export.batch-size", this.export.batchSize);
		requirePositive("logfire.export.max-queue-size", this.export.maxQueueSize);
		if (this.export.batchSize > this.export.maxQueueSize) {
			throw new InvalidLogfirePropertyException("logfire.export.batch-size", String.valueOf(this.export.batchSize),
					"a number not above logfire.export.max-queue-size (" + this.export.maxQueueSize + ")");
		}
		requirePositive("logfire.export.schedule-delay", this.export.scheduleDelay);
		requirePositive("logfire.export.timeout", this.export.timeout);
		requireAtLeast("logfire.max-event-size", this.maxEventSize, Limits.MIN_VALUE_LENGTH);
		this.limits.validate();
		this.sampling.tail.validate();
	}

	private static void requireHttpUrl(String property, String value) {
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return;
			}
		}
		catch (Exception ex) {
			// reported below
		}
		throw new InvalidLogfirePropertyException(property, value, "an absolute http:// or https:// URL");
	}

	/** Fails startup unless {@code value} is above 0. */
	public static void requirePositive(String property, int value) {
		if (value <= 0) {
			throw new InvalidLogfirePropertyException(property, String.valueOf(value), "a whole number above 0");
		}
	}

	private static void requireAtLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw new InvalidLogfirePropertyException(property, String.valueOf(value),
					"a whole number of at least " + minimum);
		}
	}

	private static void requireRate(String property, double rate) {
		if (!(rate >= 0.0 && rate <= 1.0)) {
			throw new InvalidLogfirePropertyException(property, String.valueOf(rate), "a number from 0.0 to 1.0");
		}
	}

	/** Fails startup unless {@code value} is a positive duration. */
	public static void requirePositive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidLogfirePropertyException(property, String.valueOf(value),
					"a duration above 0 (e.g. 500ms, 5s)");
		}
	}

	/** The configured tokens, trimmed, empty entries dropped. */
	public List<String> tokens() {
		if (!StringUtils.hasText(this.token)) {
			return List.of();
		}
		return java.util.Arrays.stream(this.token.split(",")).map(String::trim).filter(StringUtils::hasText).toList();
	}

	public SendToLogfire parseSendToLogfire() {
		SendToLogfire value = SendToLogfire.parse(this.sendToLogfire);
		if (value == null) {
			throw new InvalidLogfirePropertyException("logfire.send-to-logfire", this.sendToLogfire,
					"true, false or if-token-present");
		}
		return value;
	}

	public Level parseMinLevel() {
		return parseLevel("logfire.min-level", this.minLevel);
	}

	/** Parses a level property, failing with a message that names it. */
	public static Level parseLevel(String property, String value) {
		try {
			return Level.parse(value);
		}
		catch (RuntimeException ex) {
			throw new InvalidLogfirePropertyException(property, value,
					"one of trace, debug, info, notice, warn, error, fatal");
		}
	}

	/** Whether spans go to Logfire's backend. */
	public boolean shouldSendToLogfire() {
		return switch (parseSendToLogfire()) {
			case TRUE -> true;
			case FALSE -> false;
			case IF_TOKEN_PRESENT -> !tokens().isEmpty();
		};
	}

	public enum SendToLogfire {

		TRUE, FALSE, IF_TOKEN_PRESENT;

		static @Nullable SendToLogfire parse(String value) {
			if (value == null) {
				return IF_TOKEN_PRESENT;
			}
			return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
				case "true" -> TRUE;
				case "false" -> FALSE;
				case "if-token-present" -> IF_TOKEN_PRESENT;
				default -> null;
			};
		}

	}

	/**
	 * Caps that keep every span bounded. The counts are enforced by the SDK as spans are recorded
	 * (what is dropped shows in OTLP's dropped counts); value lengths by the sanitizer, after
	 * scrubbing, with a visible marker.
	 */
	public static class Limits {

		static final int MIN_VALUE_LENGTH = 64;

		/** Most attributes per span; further ones are dropped. */
		private int maxAttributes = 128;

		/** Most events per span; further ones are dropped. */
		private int maxEvents = 128;

		/** Most links per span; further ones are dropped. */
		private int maxLinks = 128;

		/** Most attributes per event; further ones are dropped. */
		private int maxAttributesPerEvent = 128;

		/** Most attributes per link; further ones are dropped. */
		private int maxAttributesPerLink = 128;

		/** Most elements in an array attribute; a cut string array ends with a "...[truncated N]" element. */
		private int maxArrayLength = 128;

		/** Longest exception.stacktrace, in characters (other values are capped by logfire.max-event-size). */
		private int maxStacktraceLength = 65536;

		void validate() {
			requirePositive("logfire.limits.max-attributes", this.maxAttributes);
			requirePositive("logfire.limits.max-events", this.maxEvents);
			requirePositive("logfire.limits.max-links", this.maxLinks);
			requirePositive("logfire.limits.max-attributes-per-event", this.maxAttributesPerEvent);
			requirePositive("logfire.limits.max-attributes-per-link", this.maxAttributesPerLink);
			requireAtLeast("logfire.limits.max-array-length", this.maxArrayLength, 2);
			requireAtLeast("logfire.limits.max-stacktrace-length", this.maxStacktraceLength, MIN_VALUE_LENGTH);
		}

		public int getMaxAttributes() {
			return this.maxAttributes;
		}

		public void setMaxAttributes(int maxAttributes) {
			this.maxAttributes = maxAttributes;
		}

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public int getMaxLinks() {
			return this.maxLinks;
		}

		public void setMaxLinks(int maxLinks) {
			this.maxLinks = maxLinks;
		}

		public int getMaxAttributesPerEvent() {
			return this.maxAttributesPerEvent;
		}

		public void setMaxAttributesPerEvent(int maxAttributesPerEvent) {
			this.maxAttributesPerEvent = maxAttributesPerEvent;
		}

		public int getMaxAttributesPerLink() {
			return this.maxAttributesPerLink;
		}

		public void setMaxAttributesPerLink(int maxAttributesPerLink) {
			this.maxAttributesPerLink = maxAttributesPerLink;
		}

		public int getMaxArrayLength() {
			return this.maxArrayLength;
		}

		public void setMaxArrayLength(int maxArrayLength) {
			this.maxArrayLength = maxArrayLength;
		}

		public int getMaxStacktraceLength() {
			return this.maxStacktraceLength;
		}

		public void setMaxStacktraceLength(int maxStacktraceLength) {
			this.maxStacktraceLength = maxStacktraceLength;
		}

	}

	public static class Sampling {

		/** Head sampling rate from 0.0 to 1.0 (parent-based, by trace id). */
		private double rate = 1.0;

		private final Tail tail = new Tail();

		public double getRate() {
			return this.rate;
		}

		public void setRate(double rate) {
			this.rate = rate;
		}

		public Tail getTail() {
			return this.tail;
		}

	}

	/**
	 * Logfire's tail sampling, level_or_duration: a whole trace is kept when one of its spans
	 * reaches a level or it runs longer than a duration, otherwise at a background rate.
	 */
	public static class Tail {

		/** Whether traces are buffered and kept or dropped as a whole once their local root ends. */
		private boolean enabled;

		/** A trace with a span at or above this level is kept: trace, debug, info, notice, warn, error, fatal. */
		private String levelThreshold = "notice";

		/** A trace that runs at least this long is kept. */
		private Duration durationThreshold = Duration.ofSeconds(5);

		/** Share of the other traces kept, from 0.0 to 1.0 (by trace id). */
		private double backgroundRate = 0.0;

		/** Most spans held while their trace is undecided; beyond it the oldest trace is decided early. */
		private int maxBufferedSpans = 10_000;

		/** Most traces held undecided; beyond it the oldest is decided early. */
		private int maxBufferedTraces = 1_000;

		/** A trace whose local root has not ended after this long is decided with what has arrived. */
		private Duration traceTimeout = Duration.ofSeconds(30);

		void validate() {
			parseLevel("logfire.sampling.tail.level-threshold", this.levelThreshold);
			requirePositive("logfire.sampling.tail.duration-threshold", this.durationThreshold);
			requireRate("logfire.sampling.tail.background-rate", this.backgroundRate);
			requirePositive("logfire.sampling.tail.max-buffered-spans", this.maxBufferedSpans);
			requirePositive("logfire.sampling.tail.max-buffered-traces", this.maxBufferedTraces);
			requirePositive("logfire.sampling.tail.trace-timeout", this.traceTimeout);
		}

		public Level parseLevelThreshold() {
			return parseLevel("logfire.sampling.tail.level-threshold", this.levelThreshold);
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getLevelThreshold() {
			return this.levelThreshold;
		}

		public void setLevelThreshold(String levelThreshold) {
			this.levelThreshold = levelThreshold;
		}

		public Duration getDurationThreshold() {
			return this.durationThreshold;
		}

		public void setDurationThreshold(Duration durationThreshold) {
			this.durationThreshold = durationThreshold;
		}

		public double getBackgroundRate() {
			return this.backgroundRate;
		}

		public void setBackgroundRate(double backgroundRate) {
			this.backgroundRate = backgroundRate;
		}

		public int getMaxBufferedSpans() {
			return this.maxBufferedSpans;
		}

		public void setMaxBufferedSpans(int maxBufferedSpans) {
			this.maxBufferedSpans = maxBufferedSpans;
		}

		public int getMaxBufferedTraces() {
			return this.maxBufferedTraces;
		}

		public void setMaxBufferedTraces(int maxBufferedTraces) {
			this.maxBufferedTraces = maxBufferedTraces;
		}

		public Duration getTraceTimeout() {
			return this.traceTimeout;
		}

		public void setTraceTimeout(Duration traceTimeout) {
			this.traceTimeout = traceTimeout;
		}

	}

	public static class Export {

		/** Most spans sent in one export request. */
		private int batchSize = 512;

		/**
		 * Most spans waiting for export, in the batch processor and in each destination's queue;
		 * beyond it new spans are dropped and counted. 8192 (the SDK's default is 2048) absorbs
		 * a 160 ms stall of a destination at 50,000 spans/s, for a few MB.
		 */
		private int maxQueueSize = 8192;

		/** Delay between two exports. */
		private Duration scheduleDelay = Duration.ofMillis(500);

		/** Longest time one export request may take. */
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * How export request bodies are compressed, to every destination: gzip, or none for a
		 * Collector on the same host, where compressing costs more CPU than the bytes it saves.
		 */
		private Compression compression = Compression.GZIP;

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Compression getCompression() {
			return this.compression;
		}

		public void setCompression(Compression compression) {
			this.compression = compression;
		}

		/** Compression of OTLP request bodies. */
		public enum Compression {

			GZIP, NONE;

			/** The name the OpenTelemetry exporter builders take. */
			public String exporterName() {
				return name().toLowerCase(Locale.ROOT);
			}

		}

	}

	public static class Otlp {

		/**
		 * Base URL of an additional OTLP/HTTP backend (a Collector, Jaeger, Tempo); signals go
		 * to /v1/traces and /v1/metrics under it.
		 */
		private @Nullable String endpoint;

		/** Headers sent to the additional OTLP backend. */
		private Map<String, String> headers = new LinkedHashMap<>();

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getServiceVersion() {
		return this.serviceVersion;
	}

	public void setServiceVersion(@Nullable String serviceVersion) {
		this.serviceVersion = serviceVersion;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public String getSendToLogfire() {
		return this.sendToLogfire;
	}

	public void setSendToLogfire(String sendToLogfire) {
		this.sendToLogfire = sendToLogfire;
	}

	public @Nullable String getDataRegion() {
		return this.dataRegion;
	}

	public void setDataRegion(@Nullable String dataRegion) {
		this.dataRegion = dataRegion;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String getMinLevel() {
		return this.minLevel;
	}

	public void setMinLevel(String minLevel) {
		this.minLevel = minLevel;
	}

	public Map<String, String> getResourceAttributes() {
		return this.resourceAttributes;
	}

	public void setResourceAttributes(Map<String, String> resourceAttributes) {
		this.resourceAttributes = resourceAttributes;
	}

	public int getMaxEventSize() {
		return this.maxEventSize;
	}

	public void setMaxEventSize(int maxEventSize) {
		this.maxEventSize = maxEventSize;
	}

	public boolean isRecordThreadUsage() {
		return this.recordThreadUsage;
	}

	public void setRecordThreadUsage(boolean recordThreadUsage) {
		this.recordThreadUsage = recordThreadUsage;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public Export getExport() {
		return this.export;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

}
