package dev.logspring.logfire.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.observation.tracing.QueryContext;
import org.jspecify.annotations.Nullable;

/**
 * Listens to the JDBC proxy beside datasource-micrometer's own listener, for what its
 * observations do not carry: the database (from the connection's metadata, once per
 * DataSource), the batch size, and the rows a query's result set returns. The query span stays
 * open until its result set is closed (or its statement or connection), and then records
 * {@code db.response.returned_rows}.
 * <p>
 * Ordered before datasource-micrometer's listener, so that {@code afterQuery} runs while the
 * query's observation is still open.
 */
final class JdbcStatementListener implements QueryExecutionListener, MethodExecutionListener {

	/** Runs before datasource-micrometer's listener (its order is 1000). */
	static final int ORDER = 900;

	private static final String PREPARE_START = JdbcStatementListener.class.getName() + ".prepareStart";

	static final AttributeKey<Long> RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");

	/** Bound on result sets waiting to be closed; beyond it their spans end without a row count. */
	private static final int MAX_PENDING = 10_000;

	private final Map<String, DatabaseInfo> databases = new ConcurrentHashMap<>();

	private final Map<ResultSet, PendingFetch> pending = new ConcurrentHashMap<>();

	private volatile @Nullable FailedPrepareRecorder failedPrepares;

	/** Records a statement that failed while being prepared, before any query observation. */
	@FunctionalInterface
	interface FailedPrepareRecorder {

		void record(String sql, DatabaseInfo database, Throwable failure, Instant start);

	}

	void onFailedPrepare(FailedPrepareRecorder recorder) {
		this.failedPrepares = recorder;
	}

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		try {
			QueryContext context = execInfo.getCustomValue(QueryContext.class.getName(), QueryContext.class);
			if (context == null) {
				return;
			}
			Statement statement = execInfo.getStatement();
			ResultSet resultSet = null;
			if (execInfo.getThrowable() == null && execInfo.getResult() instanceof ResultSet proxied
					&& proxied instanceof ProxyJdbcObject proxy && this.pending.size() < MAX_PENDING) {
				// Rows are counted through the proxy, which reports calls on the original result set.
				resultSet = (ResultSet) proxy.getTarget();
				this.pending.put(resultSet, new PendingFetch(statement, execInfo.getConnectionId()));
			}
			int batchSize = execInfo.isBatch() ? execInfo.getBatchSize() : 0;
			context.put(StatementFacts.class, new StatementFacts(database(execInfo), batchSize, resultSet));
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("JDBC statement listener", ex);
		}
	}

	private DatabaseInfo database(ExecutionInfo execInfo) {
		return this.databases.computeIfAbsent(nameOf(execInfo.getDataSourceName()), (key) -> {
			try {
				return DatabaseInfo.of(execInfo.getStatement().getConnection());
			}
			catch (SQLException ex) {
				return DatabaseInfo.UNKNOWN;
			}
		});
	}

	/** The database of a DataSource once a statement has run on it, else null. */
	@Nullable DatabaseInfo knownDatabase(@Nullable String dataSourceName) {
		return this.databases.get(nameOf(dataSourceName));
	}

	private static String nameOf(@Nullable String dataSourceName) {
		return (dataSourceName != null) ? dataSourceName : "";
	}

	/**
	 * Hands over a query's span to be ended when its result set closes; false when the result
	 * set is not tracked (the caller ends the span).
	 */
	boolean endAfterFetch(ResultSet resultSet, Span span) {
		PendingFetch fetch = this.pending.get(resultSet);
		if (fetch == null) {
			return false;
		}
		fetch.span = span;
		return true;
	}

	@Override
	public void beforeMethod(MethodExecutionContext executionContext) {
		if (executionContext.getTarget() instanceof Connection && isPrepare(executionContext.getMethod().getName())) {
			executionContext.addCustomValue(PREPARE_START, Instant.now());
		}
	}

	private static boolean isPrepare(String method) {
		return "prepareStatement".equals(method) || "prepareCall".equals(method);
	}

	/**
	 * Some drivers (H2, for one) parse a statement when it is prepared: a statement that does not
	 * parse then fails before datasource-micrometer observes any query.
	 */
	private void recordFailedPrepare(MethodExecutionContext executionContext) {
		FailedPrepareRecorder recorder = this.failedPrepares;
		Object[] arguments = executionContext.getMethodArgs();
		if (recorder == null || arguments == null || arguments.length == 0 || !(arguments[0] instanceof String sql)) {
			return;
		}
		Connection connection = (Connection) executionContext.getTarget();
		String dataSourceName = (executionContext.getProxyConfig() != null)
				? executionContext.getProxyConfig().getDataSourceName() : null;
		DatabaseInfo database = this.databases.computeIfAbsent(nameOf(dataSourceName),
				(key) -> DatabaseInfo.of(connection));
		Instant start = executionContext.getCustomValue(PREPARE_START, Instant.class);
		recorder.record(sql, database, executionContext.getThrown(), (start != null) ? start : Instant.now());
	}

	@Override
	public void afterMethod(MethodExecutionContext executionContext) {
		try {
			if (executionContext.getThrown() != null && executionContext.getTarget() instanceof Connection
					&& isPrepare(executionContext.getMethod().getName())) {
				recordFailedPrepare(executionContext);
				return;
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("JDBC statement listener", ex);
		}
		if (this.pending.isEmpty()) {
			return;
		}
		try {
			Object target = executionContext.getTarget();
			String method = executionContext.getMethod().getName();
			if (target instanceof ResultSet resultSet) {
				if ("next".equals(method)) {
					PendingFetch fetch = this.pending.get(resultSet);
					if (fetch != null && Boolean.TRUE.equals(executionContext.getResult())) {
						fetch.rows++;
					}
				}
				else if ("close".equals(method)) {
					finish(this.pending.remove(resultSet));
				}
			}
			else if ("close".equals(method) && (target instanceof Statement || target instanceof Connection)) {
				String connectionId = (executionContext.getConnectionInfo() != null)
						? executionContext.getConnectionInfo().getConnectionId() : null;
				this.pending.entrySet().removeIf((entry) -> {
					PendingFetch fetch = entry.getValue();
					boolean closed = (target instanceof Statement) ? fetch.statement == target
							: connectionId != null && connectionId.equals(fetch.connectionId);
					if (closed) {
						finish(fetch);
					}
					return closed;
				});
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("JDBC statement listener", ex);
		}
	}

	private static void finish(@Nullable PendingFetch fetch) {
		if (fetch != null && fetch.span != null) {
			fetch.span.setAttribute(RETURNED_ROWS, fetch.rows);
			fetch.span.end();
		}
	}

	int pendingResultSets() {
		return this.pending.size();
	}

	/** A result set being read: its rows so far, and the query span to end when it closes. */
	private static final class PendingFetch {

		private final Statement statement;

		private final String connectionId;

		private volatile @Nullable Span span;

		private volatile long rows;

		PendingFetch(Statement statement, String connectionId) {
			this.statement = statement;
			this.connectionId = connectionId;
		}

	}

}
