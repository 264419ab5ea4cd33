package dev.logspring.logfire.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import net.ttddyy.observation.tracing.ConnectionContext;
import net.ttddyy.observation.tracing.DataSourceBaseContext;
import net.ttddyy.observation.tracing.JdbcObservationDocumentation;
import net.ttddyy.observation.tracing.QueryContext;
import org.jspecify.annotations.Nullable;

/**
 * Turns datasource-micrometer's observations into spans in Logfire's shape, in place of Boot's
 * sender handler and the library's own tracing handlers (it is ordered before them, and the
 * first tracing handler that supports an observation is the only one that sees it):
 * <ul>
 * <li>a query is a CLIENT span named {@code SELECT customers}, whose message and
 * {@code db.query.text} are the SQL with literals replaced by {@code ?}, with
 * {@code db.system.name}, {@code db.namespace}, {@code db.operation.name},
 * {@code db.collection.name}, rows affected or returned, and a failure recorded with the
 * statement's literals removed from the error message;</li>
 * <li>a connection is a span only when waiting for it took at least the configured threshold
 * (or failed): the pool wait;</li>
 * <li>result sets and generated keys are no spans of their own (rows are counted on the query
 * span).</li>
 * </ul>
 * The raw SQL and parameter tags that datasource-micrometer adds are never recorded. Without a
 * statement listener ({@code logfire.jdbc.enabled=false}) it records nothing at all.
 */
final class LogfireJdbcObservationHandler implements TracingObservationHandler<DataSourceBaseContext> {

	static final AttributeKey<Long> AFFECTED_ROWS = AttributeKey.longKey("db.response.affected_rows");

	static final AttributeKey<List<String>> PARAMETERS = AttributeKey.stringArrayKey("db.query.parameters");

	static final AttributeKey<String> DATASOURCE_NAME = AttributeKey.stringKey("jdbc.datasource.name");

	/** Tags of datasource-micrometer that carry raw SQL, parameter values or generated keys. */
	private static final List<String> RAW_TAG_PREFIXES = List.of("jdbc.query[", "jdbc.params[", "jdbc.row-affected",
			"jdbc.generated-keys");

	private final io.micrometer.tracing.Tracer micrometerTracer;

	private final Tracer tracer;

	private final @Nullable JdbcStatementListener statements;

	private final boolean recordLiteralValues;

	private final long connectionWaitThresholdNanos;

	LogfireJdbcObservationHandler(io.micrometer.tracing.Tracer micrometerTracer, Tracer tracer,
			@Nullable JdbcStatementListener statements, boolean recordLiteralValues, Duration connectionWaitThreshold) {
		this.micrometerTracer = micrometerTracer;
		this.tracer = tracer;
		this.statements = statements;
		this.recordLiteralValues = recordLiteralValues;
		this.connectionWaitThresholdNanos = connectionWaitThreshold.toNanos();
		if (statements != null) {
			statements.onFailedPrepare(this::recordFailedPrepare);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof DataSourceBaseContext;
	}

	private boolean isEnabled() {
		return this.statements != null;
	}

	@Override
	public io.micrometer.tracing.Tracer getTracer() {
		return this.micrometerTracer;
	}

	@Override
	public void onStart(DataSourceBaseContext context) {
		if (!isEnabled()) {
			return;
		}
		try {
			if (context instanceof QueryContext query) {
				// Described before it starts, for the console that prints spans as they start.
				Description description = describe(query.getQueries(),
						this.statements.knownDatabase(query.getDataSourceName()), 0);
				Span span = this.tracer.spanBuilder(description.name())
					.setSpanKind(SpanKind.CLIENT)
					.setParent(Context.current())
					.setAllAttributes(description.attributes())
					.startSpan();
				getTracingContext(context).setSpan(OtelSpan.fromOtel(span));
			}
			else if (context instanceof ConnectionContext) {
				context.put(ConnectionWait.class, new ConnectionWait(Context.current(), Instant.now(), System.nanoTime()));
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("JDBC spans", ex);
		}
	}

	@Override
	public void onEvent(Observation.Event event, DataSourceBaseContext context) {
		ConnectionWait wait = context.get(ConnectionWait.class);
		if (wait != null && JdbcObservationDocumentation.JdbcEvents.CONNECTION_ACQUIRED.getName().equals(event.getName())) {
			wait.acquired = true;
			if (System.nanoTime() - wait.startNanos >= this.connectionWaitThresholdNanos) {
				recordConnectionWait(context, wait, null);
			}
		}
	}

	@Override
	public void onError(DataSourceBaseContext context) {
		// Recorded when the observation stops, with the statement's literals removed.
	}

	@Override
	public void onStop(DataSourceBaseContext context) {
		try {
			if (context instanceof QueryContext query) {
				TracingContext tracingContext = query.get(TracingContext.class);
				if (tracingContext != null && tracingContext.getSpan() != null) {
					finishQuery(query, OtelSpan.toOtel(tracingContext.getSpan()));
				}
			}
			else {
				ConnectionWait wait = context.get(ConnectionWait.class);
				if (wait != null && !wait.acquired && context.getError() != null) {
					recordConnectionWait(context, wait, context.getError());
				}
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("JDBC spans", ex);
		}
	}

	private void finishQuery(QueryContext query, Span span) {
		List<String> queries = query.getQueries();
		StatementFacts facts = query.get(StatementFacts.class);
		for (KeyValue keyValue : query.getAllKeyValues()) {
			if (!isRaw(keyValue.getKey())) {
				span.setAttribute(keyValue.getKey(), keyValue.getValue());
			}
		}
		Description description = describe(queries, (facts != null) ? facts.database() : null,
				(facts != null) ? facts.batchSize() : 0);
		span.updateName(description.name());
		span.setAllAttributes(description.attributes());
		Long affected = affectedRows(query.getAffectedRowCount());
		if (affected != null) {
			span.setAttribute(AFFECTED_ROWS, affected);
		}
		if (this.recordLiteralValues && !query.getParams().isEmpty()) {
			span.setAttribute(PARAMETERS, List.copyOf(query.getParams()));
		}
		if (query.getHost() != null) {
			span.setAttribute(ServerAttributes.SERVER_ADDRESS, query.getHost());
			if (query.getPort() > 0) {
				span.setAttribute(ServerAttributes.SERVER_PORT, (long) query.getPort());
			}
		}
		if (query.getError() != null) {
			recordFailure(span, queries, query.getError());
			span.end();
			return;
		}
		if (facts == null || facts.resultSet() == null || !this.statements.endAfterFetch(facts.resultSet(), span)) {
			span.end();
		}
	}

	/** A statement the driver refused while preparing it: a failed query span of its own. */
	private void recordFailedPrepare(String sql, DatabaseInfo database, Throwable failure, Instant start) {
		try {
			Description description = describe(List.of(sql), database, 0);
			Span span = this.tracer.spanBuilder(description.name())
				.setSpanKind(SpanKind.CLIENT)
				.setParent(Context.current())
				.setStartTimestamp(start)
				.setAllAttributes(description.attributes())
				.startSpan();
			recordFailure(span, List.of(sql), failure);
			span.end();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("JDBC spans", ex);
		}
	}

	/** Name, message and {@code db.*} attributes of a statement span, literals removed. */
	private Description describe(List<String> queries, @Nullable DatabaseInfo database, int batchSize) {
		SqlStatements.Summary summary = SqlStatements.summarize(queries, this.recordLiteralValues);
		String namespace = (database != null) ? database.namespace() : null;
		String operation = (summary.operation() != null && batchSize > 0) ? "BATCH " + summary.operation()
				: summary.operation();
		AttributesBuilder attributes = Attributes.builder()
			.put(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_SPAN)
			.put(LogfireAttributes.MSG, summary.text())
			.put(DbAttributes.DB_QUERY_TEXT, summary.text());
		if (database != null) {
			attributes.put(DbAttributes.DB_SYSTEM_NAME, database.system());
			if (namespace != null) {
				attributes.put(DbAttributes.DB_NAMESPACE, namespace);
			}
		}
		if (operation != null) {
			attributes.put(DbAttributes.DB_OPERATION_NAME, operation);
		}
		if (summary.collection() != null) {
			attributes.put(DbAttributes.DB_COLLECTION_NAME, summary.collection());
		}
		if (batchSize > 0) {
			attributes.put(DbAttributes.DB_OPERATION_BATCH_SIZE, (long) batchSize);
		}
		String name = new SqlStatements.Summary(summary.text(), operation, summary.collection()).spanName(namespace);
		return new Description(name, attributes.build());
	}

	private record Description(String name, Attributes attributes) {
	}

	/** Drivers quote the failed statement in their messages: its literals are removed there too. */
	private void recordFailure(Span span, List<String> queries, Throwable error) {
		List<String> literals = this.recordLiteralValues ? List.of() : SqlStatements.literals(queries);
		SpanOutcomes.recordException(span, error, (text) -> SqlStatements.redact(text, literals));
		span.setAttribute(ErrorAttributes.ERROR_TYPE, error.getClass().getName());
	}

	private void recordConnectionWait(DataSourceBaseContext context, ConnectionWait wait, @Nullable Throwable error) {
		SpanBuilder builder = this.tracer.spanBuilder("acquire connection")
			.setParent(wait.parent)
			.setStartTimestamp(wait.start)
			.setAttribute(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_SPAN);
		if (context.getDataSourceName() != null) {
			builder.setAttribute(DATASOURCE_NAME, context.getDataSourceName());
			builder.setAttribute(LogfireAttributes.MSG, "acquire connection from " + context.getDataSourceName());
		}
		Span span = builder.startSpan();
		if (error != null) {
			SpanOutcomes.recordException(span, error);
		}
		span.end();
	}

	private static boolean isRaw(String key) {
		for (String prefix : RAW_TAG_PREFIXES) {
			if (key.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/** {@code "3"}, or a batch's {@code "[1, 1, 1]"} summed; negative counts (unknown) are skipped. */
	static @Nullable Long affectedRows(@Nullable String count) {
		if (count == null || count.isEmpty()) {
			return null;
		}
		try {
			if (!count.startsWith("[")) {
				return Long.parseLong(count.trim());
			}
			long total = 0;
			String inner = count.substring(1, count.length() - 1).trim();
			if (inner.isEmpty()) {
				return 0L;
			}
			for (String part : inner.split(",")) {
				long value = Long.parseLong(part.trim());
				if (value > 0) {
					total += value;
				}
			}
			return total;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	// Only query observations have a span to make current; the others must leave the current span alone.

	@Override
	public void onScopeOpened(DataSourceBaseContext context) {
		if (context instanceof QueryContext && isEnabled()) {
			TracingObservationHandler.super.onScopeOpened(context);
		}
	}

	@Override
	public void onScopeClosed(DataSourceBaseContext context) {
		if (context instanceof QueryContext && isEnabled()) {
			TracingObservationHandler.super.onScopeClosed(context);
		}
	}

	@Override
	public void onScopeReset(DataSourceBaseContext context) {
		if (context instanceof QueryContext && isEnabled()) {
			TracingObservationHandler.super.onScopeReset(context);
		}
	}

	/** When a connection was asked for, and under which span. */
	private static final class ConnectionWait {

		private final Context parent;

		private final Instant start;

		private final long startNanos;

		private volatile boolean acquired;

		ConnectionWait(Context parent, Instant start, long startNanos) {
			this.parent = parent;
			this.start = start;
			this.startNanos = startNanos;
		}

	}

}
