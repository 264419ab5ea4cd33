package dev.logspring.logfire.explorer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.duckdb.DuckDBConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs read-only queries against the explorer's database, each on its own connection inside a
 * transaction that is rolled back. A query typed by a person runs only after DuckDB's own parser
 * has confirmed the text is a single SELECT. At most two queries run at once, each cancelled after
 * the timeout, and results are cut at the maximum number of rows.
 */
final class ExplorerQueryRunner implements AutoCloseable {

	/** Queries allowed at once: the dashboard must never take the application's CPUs. */
	private static final int MAX_CONCURRENT_QUERIES = 2;

	/** Only used to open query connections, so that opening one never races the writer. */
	private final DuckDBConnection connector;

	private final int maxRows;

	private final Duration timeout;

	private final Semaphore querySlots = new Semaphore(MAX_CONCURRENT_QUERIES);

	/**
	 * Cancels queries that run too long. Its thread starts with the first query, not here, and
	 * stops in {@link #close()}, which the store's bean destruction calls: queries come from
	 * HTTP requests, which have stopped by then.
	 */
	private final ScheduledExecutorService canceller;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * @param connector a connection of the database, closed with this runner
	 * @param maxRows most rows a result holds
	 * @param timeout longest a query runs, or waits for its turn
	 */
	ExplorerQueryRunner(DuckDBConnection connector, int maxRows, Duration timeout) {
		this.connector = connector;
		this.maxRows = maxRows;
		this.timeout = timeout;
		this.canceller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "logfire-explorer-query-timeout");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Runs a query typed by a person: exactly one SELECT (checked by DuckDB's parser), read in a
	 * transaction that is rolled back, at most {@code logfire.explorer.query.max-rows} rows and
	 * {@code logfire.explorer.query.timeout}.
	 * @throws ExplorerQueryException for anything but a single valid SELECT, or a failed query
	 */
	QueryResult query(String sql) {
		if (sql == null || sql.isBlank()) {
			throw new ExplorerQueryException("Type a SELECT query, for example: SELECT * FROM records LIMIT 10");
		}
		return run(sql, List.of(), true);
	}

	/** Runs one of the explorer's own SELECT queries with positional parameters. */
	QueryResult select(String sql, Object... parameters) {
		return run(sql, Arrays.asList(parameters), false);
	}

	/** Memory the stored spans take, read on a connection of its own so it never waits for the writer. */
	long recordsMemory() throws SQLException {
		try (Connection connection = connect()) {
			return SpanRecords.memoryBytes(connection);
		}
	}

	private QueryResult run(String sql, List<Object> parameters, boolean checkSelect) {
		acquireQuerySlot();
		try (Connection connection = connect()) {
			if (checkSelect) {
				requireSingleSelect(connection, sql);
			}
			long started = System.nanoTime();
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.size(); i++) {
					statement.setObject(i + 1, parameters.get(i));
				}
				ScheduledFuture<?> cancel = this.canceller.schedule(() -> cancelQuietly(statement),
						this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				try (ResultSet result = statement.executeQuery()) {
					return read(result, started);
				}
				catch (SQLException ex) {
					if (cancel.isDone()) {
						throw new ExplorerQueryException("The query ran longer than " + this.timeout.toMillis()
								+ " ms (logfire.explorer.query.timeout) and was cancelled");
					}
					throw new ExplorerQueryException(describe(ex));
				}
				finally {
					cancel.cancel(false);
				}
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new ExplorerQueryException(describe(ex));
		}
		finally {
			this.querySlots.release();
		}
	}

	private void acquireQuerySlot() {
		try {
			if (!this.querySlots.tryAcquire(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new ExplorerQueryException("Too many queries at once; try again in a moment");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ExplorerQueryException("Interrupted while waiting to run the query");
		}
	}

	private Connection connect() throws SQLException {
		if (this.closed.get()) {
			throw new ExplorerQueryException("The explorer has been stopped");
		}
		Connection connection;
		synchronized (this.connector) {
			connection = this.connector.duplicate();
		}
		connection.setAutoCommit(false);
		return connection;
	}

	/** Asks DuckDB's parser, which serialises SELECT statements only, what the text holds. */
	private static void requireSingleSelect(Connection connection, String sql) throws SQLException {
		JsonNode parsed;
		try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
			statement.setString(1, sql);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				parsed = JsonMapper.shared().readTree(result.getString(1));
			}
		}
		if (parsed.path("error").asBoolean(false)) {
			String message = parsed.path("error_message").asString("");
			if (message.startsWith("Only SELECT statements")) {
				throw new ExplorerQueryException(
						"Only SELECT queries are allowed: the explorer is read-only (no INSERT, UPDATE, DELETE, "
								+ "CREATE, DROP, SET, PRAGMA, COPY, ATTACH...)");
			}
			throw new ExplorerQueryException("Invalid SQL: " + message);
		}
		int statements = parsed.path("statements").size();
		if (statements != 1) {
			throw new ExplorerQueryException("Exactly one SELECT query is allowed; this text holds " + statements);
		}
	}

	private QueryResult read(ResultSet result, long started) throws SQLException {
		ResultSetMetaData metadata = result.getMetaData();
		int count = metadata.getColumnCount();
		List<String> columns = new ArrayList<>(count);
		List<String> types = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			columns.add(metadata.getColumnLabel(i));
			types.add(metadata.getColumnTypeName(i));
		}
		List<List<Object>> rows = new ArrayList<>();
		boolean truncated = false;
		while (result.next()) {
			if (rows.size() == this.maxRows) {
				truncated = true;
				break;
			}
			List<Object> row = new ArrayList<>(count);
			for (int i = 1; i <= count; i++) {
				row.add(jsonFriendly(result.getObject(i)));
			}
			rows.add(row);
		}
		return new QueryResult(columns, types, rows, truncated,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	private static Object jsonFriendly(Object value) throws SQLException {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
				|| value instanceof Integer || value instanceof Short || value instanceof Byte
				|| value instanceof BigDecimal) {
			return value;
		}
		if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			return (Double.isNaN(number) || Double.isInfinite(number)) ? null : value;
		}
		if (value instanceof BigInteger big) {
			return (big.bitLength() < 64) ? (Object) big.longValue() : big.toString();
		}
		if (value instanceof Array array) {
			Object[] elements = (Object[]) array.getArray();
			List<Object> list = new ArrayList<>(elements.length);
			for (Object element : elements) {
				list.add(jsonFriendly(element));
			}
			return list;
		}
		if (value instanceof Timestamp timestamp) {
			return timestamp.toInstant().toString();
		}
		if (value instanceof TemporalAccessor) {
			return value.toString();
		}
		return String.valueOf(value);
	}

	private static String describe(SQLException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().strip() : ex.getClass().getSimpleName();
		return message.startsWith("Invalid SQL") ? message : "Query failed: " + message;
	}

	private static void cancelQuietly(Statement statement) {
		try {
			statement.cancel();
		}
		catch (SQLException | RuntimeException ex) {
			// The query finished meanwhile.
		}
	}

	/** Refuses further queries and closes the connection they are opened from. */
	@Override
	public void close() throws SQLException {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.canceller.shutdownNow();
		synchronized (this.connector) {
			this.connector.close();
		}
	}

}
