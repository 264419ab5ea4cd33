package dev.logspring.logfire.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.logspring.logfire.api.Level;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Core settings of the starter, under {@code logfire.*}. Logfire's own environment variables
 * ({@code LOGFIRE_TOKEN}, ...) are mapped onto these names by
 * {@link LogfireEnvironmentPostProcessor}.
 */
@ConfigurationProperties("logfire")
public class LogfireProperties {

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

	/** Whether to send to Logfire. */
	private SendToLogfire sendToLogfire = SendToLogfire.IF_TOKEN_PRESENT;

	/** Data region used when the token names none. */
	private @Nullable LogfireRegion dataRegion;

	/** Logfire base URL; overrides the region. */
	private @Nullable String baseUrl;

	/** Spans and logs below this level are never created. */
	private Level minLevel = Level.TRACE;

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

	public enum SendToLogfire {

		/** Always send; a token is required. */
		TRUE,

		/** Never send to Logfire. */
		FALSE,

		/** Send only when a token is configured. */
		IF_TOKEN_PRESENT;

		/** Whether spans go to Logfire's backend, given whether a token is configured. */
		public boolean sends(boolean hasToken) {
			return switch (this) {
				case TRUE -> true;
				case FALSE -> false;
				case IF_TOKEN_PRESENT -> hasToken;
			};
		}

	}

	/**
	 * Caps that keep every span bounded. The counts are enforced by the SDK as spans are recorded
	 * (what is dropped shows in OTLP's dropped counts); value lengths by the sanitizer, after
	 * scrubbing, with a visible marker.
	 */
	public static class Limits {

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

		/** A trace with a span at or above this level is kept. */
		private Level levelThreshold = Level.NOTICE;

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

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Level getLevelThreshold() {
			return this.levelThreshold;
		}

		public void setLevelThreshold(Level levelThreshold) {
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

	public SendToLogfire getSendToLogfire() {
		return this.sendToLogfire;
	}

	public void setSendToLogfire(SendToLogfire sendToLogfire) {
		this.sendToLogfire = sendToLogfire;
	}

	public @Nullable LogfireRegion getDataRegion() {
		return this.dataRegion;
	}

	public void setDataRegion(@Nullable LogfireRegion dataRegion) {
		this.dataRegion = dataRegion;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Level getMinLevel() {
		return this.minLevel;
	}

	public void setMinLevel(Level minLevel) {
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
