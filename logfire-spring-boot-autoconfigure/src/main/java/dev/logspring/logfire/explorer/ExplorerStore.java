package dev.logspring.logfire.explorer;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recent spans in an in-memory DuckDB database, bounded by count, age and size, queried with
 * read-only SQL.
 * <p>
 * Spans are written by one thread (the explorer's consumer of the span stream). Queries run on
 * their own connections, each inside a transaction that is rolled back, after DuckDB's own
 * parser has confirmed the text is a single SELECT; the database cannot reach files or the
 * network and its configuration is locked, so a query can neither write nor read anything but
 * the spans.
 */
public final class ExplorerStore implements AutoCloseable {

	/** The class whose presence tells that DuckDB's driver is on the classpath. */
	public static final String DUCKDB_CLASS = "org.duckdb.DuckDBConnection";

	/** Queries allowed at once: the dashboard must never take the application's CPUs. */
	private static final int MAX_CONCURRENT_QUERIES = 2;

	/** When a bound is reached, this share of it is kept, so trimming does not run every batch. */
	private static final double TRIM_TO = 0.9;

	private static final long AGE_SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** Most memory DuckDB adds at once to an in-memory table (a block per column). */
	static final long ALLOCATION_STEP = 8L * 1024 * 1024;

	/** Memory of the stored rows, long strings included. */
	private static final String TABLE_MEMORY = "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
			+ "WHERE tag IN ('IN_MEMORY_TABLE', 'OVERFLOW_STRINGS')";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LogfireExplorerProperties.Retention retention;

	private final int maxRows;

	private final Duration timeout;

	private final DuckDBConnection writer;

	/** Only used to open query connections, so that opening one never races the writer. */
	private final DuckDBConnection connector;

	private final Object writeLock = new Object();

	private final Semaphore querySlots = new Semaphore(MAX_CONCURRENT_QUERIES);

	private final ScheduledExecutorService canceller;

	private final AtomicLong storedSpans = new AtomicLong();

	private final AtomicLong ingestedSpans = new AtomicLong();

	private final AtomicLong expiredSpans = new AtomicLong();

	private final AtomicBoolean closed = new AtomicBoolean();

	private long lastAgeSweep = System.nanoTime();

	/** Memory per stored span, measured with each batch. */
	private double bytesPerSpan = 1;

	public ExplorerStore(LogfireExplorerProperties properties) {
		this.retention = properties.getRetention();
		this.maxRows = properties.getQuery().getMaxRows();
		this.timeout = properties.getQuery().getTimeout();
		this.writer = open(this.retention.getMaxSize().toBytes());
		try {
			this.connector = this.writer.duplicate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not start the explorer's DuckDB database", ex);
		}
		this.canceller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "logfire-explorer-query-timeout");
			thread.setDaemon(true);
			return thread;
		});
	}

	private static DuckDBConnection open(long maxSizeBytes) {
		Properties config = new Properties();
		// Stored spans stay below max-size; the rest is room for queries and for compacting.
		config.setProperty("memory_limit", (2 * maxSizeBytes / (1024 * 1024) + 64) + "MB");
		config.setProperty("threads", "1");
		try {
			DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", config);
			try (Statement statement = connection.createStatement()) {
				statement.execute(SpanRecords.DDL);
				statement.execute(SpanRecords.PERCENTILE_MACRO);
				// No files, no network, no extension downloads, and no way for a query to undo it.
				statement.execute("SET autoinstall_known_extensions = false");
				statement.execute("SET autoload_known_extensions = false");
				statement.execute("SET enable_external_access = false");
				statement.execute("SET lock_configuration = true");
			}
			return connection;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not start the explorer's DuckDB database", ex);
		}
	}

	/** Stores a batch of ended spans, then applies retention; called from one thread. */
	public void ingest(Collection<SpanData> spans) {
		if (spans.isEmpty()) {
			return;
		}
		synchronized (this.writeLock) {
			if (this.closed.get()) {
				return;
			}
			try {
				Collection<SpanData> kept = makeRoomFor(spans);
				try (DuckDBAppender appender = this.writer.createAppender(SpanRecords.TABLE)) {
					for (SpanData span : kept) {
						SpanRecords.append(appender, span);
					}
				}
				this.storedSpans.addAndGet(kept.size());
				this.ingestedSpans.addAndGet(spans.size());
				this.expiredSpans.addAndGet(spans.size() - kept.size());
				sweepOldSpans();
				checkSize();
			}
			catch (SQLException | RuntimeException ex) {
				recount();
				throw new IllegalStateException("Could not store " + spans.size() + " spans in the explorer", ex);
			}
		}
	}

	/**
	 * Deletes the oldest spans before a batch is written, so that no query ever sees more than
	 * max-spans. Of a batch larger than max-spans only the newest spans are kept.
	 */
	private Collection<SpanData> makeRoomFor(Collection<SpanData> spans) throws SQLException {
		long maxSpans = this.retention.getMaxSpans();
		if (spans.size() > maxSpans) {
			keepNewest(0, false);
			return spans.stream()
				.sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos).reversed())
				.limit(maxSpans)
				.toList();
		}
		if (this.storedSpans.get() + spans.size() > maxSpans) {
			keepNewest(Math.max(0, (long) (maxSpans * TRIM_TO) - spans.size()), false);
		}
		return spans;
	}

	private void sweepOldSpans() throws SQLException {
		long now = System.nanoTime();
		if (now - this.lastAgeSweep >= AGE_SWEEP_INTERVAL_NANOS) {
			this.lastAgeSweep = now;
			deleteOlderThan(this.retention.getMaxAge());
		}
	}

	/**
	 * Keeps the table's memory, as DuckDB counts it, below max-size. DuckDB allocates in steps
	 * of up to {@link #ALLOCATION_STEP} and gives back the memory of deleted rows only by whole
	 * blocks, so above max-size less one step the newest spans are copied to a fresh table.
	 */
	private void checkSize() throws SQLException {
		long threshold = this.retention.getMaxSize().toBytes() - ALLOCATION_STEP;
		long used = measureBytesPerSpan();
		if (used > threshold) {
			keepNewest((long) (threshold * TRIM_TO / this.bytesPerSpan), true);
			measureBytesPerSpan();
		}
	}

	private long measureBytesPerSpan() throws SQLException {
		long used = tableBytes();
		long stored = this.storedSpans.get();
		if (stored > 0) {
			this.bytesPerSpan = Math.max(1, (double) used / stored);
		}
		return used;
	}

	private void deleteOlderThan(Duration age) throws SQLException {
		try (PreparedStatement delete = this.writer
			.prepareStatement("DELETE FROM records WHERE start_timestamp < now() - to_microseconds(?)")) {
			delete.setLong(1, age.toNanos() / 1000);
			expired(delete.executeUpdate());
		}
	}

	/**
	 * Deletes the oldest spans (by start time) so that about {@code keep} remain; with
	 * {@code compact}, copies the kept spans to a new table and drops the old one, which gives
	 * its memory back at once.
	 */
	private void keepNewest(long keep, boolean compact) throws SQLException {
		Object cutoff = (keep > 0) ? startOfNewest(keep) : null;
		if (keep > 0 && cutoff == null) {
			return;
		}
		if (!compact) {
			if (cutoff == null) {
				expired(deleteAll());
				return;
			}
			try (PreparedStatement delete = this.writer
				.prepareStatement("DELETE FROM records WHERE start_timestamp < ?")) {
				delete.setObject(1, cutoff);
				expired(delete.executeUpdate());
			}
			return;
		}
		try (Statement statement = this.writer.createStatement()) {
			statement.execute("BEGIN TRANSACTION");
			try {
				statement.execute(SpanRecords.DDL.replace("CREATE TABLE records", "CREATE TABLE records_compacted"));
				long kept = 0;
				if (cutoff != null) {
					try (PreparedStatement copy = this.writer.prepareStatement(
							"INSERT INTO records_compacted SELECT * FROM records WHERE start_timestamp >= ?")) {
						copy.setObject(1, cutoff);
						kept = copy.executeUpdate();
					}
				}
				statement.execute("DROP TABLE records");
				statement.execute("ALTER TABLE records_compacted RENAME TO records");
				statement.execute("COMMIT");
				expired((int) (this.storedSpans.get() - kept));
			}
			catch (SQLException ex) {
				try (Statement rollback = this.writer.createStatement()) {
					rollback.execute("ROLLBACK");
				}
				catch (SQLException rollbackFailure) {
					ex.addSuppressed(rollbackFailure);
				}
				throw ex;
			}
		}
	}

	/** The start time of the {@code keep}-th newest span, or null when fewer are stored. */
	private Object startOfNewest(long keep) throws SQLException {
		try (PreparedStatement select = this.writer
			.prepareStatement("SELECT start_timestamp FROM records ORDER BY start_timestamp DESC LIMIT 1 OFFSET ?")) {
			select.setLong(1, keep - 1);
			try (ResultSet result = select.executeQuery()) {
				return result.next() ? result.getObject(1) : null;
			}
		}
	}

	private int deleteAll() throws SQLException {
		try (Statement delete = this.writer.createStatement()) {
			return delete.executeUpdate("DELETE FROM records");
		}
	}

	private void expired(int count) {
		this.storedSpans.addAndGet(-count);
		this.expiredSpans.addAndGet(count);
	}

	/** Memory held by the stored spans. */
	private long tableBytes() throws SQLException {
		try (Statement statement = this.writer.createStatement();
				ResultSet result = statement.executeQuery(
						TABLE_MEMORY)) {
			result.next();
			return result.getLong(1);
		}
	}

	private void recount() {
		try (Statement statement = this.writer.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*) FROM records")) {
			result.next();
			this.storedSpans.set(result.getLong(1));
		}
		catch (SQLException ex) {
			TelemetryErrors.report("the explorer's database", ex);
		}
	}

	/**
	 * Runs a query typed by a person: exactly one SELECT (checked by DuckDB's parser), read in a
	 * transaction that is rolled back, at most {@code logfire.explorer.query.max-rows} rows and
	 * {@code logfire.explorer.query.timeout}.
	 * @throws ExplorerQueryException for anything but a single valid SELECT, or a failed query
	 */
	public QueryResult query(String sql) {
		if (sql == null || sql.isBlank()) {
			throw new ExplorerQueryException("Type a SELECT query, for example: SELECT * FROM records LIMIT 10");
		}
		return run(sql, List.of(), true);
	}

	/** Runs one of the explorer's own SELECT queries with positional parameters. */
	QueryResult select(String sql, Object... parameters) {
		return run(sql, Arrays.asList(parameters), false);
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
				parsed = JSON.readTree(result.getString(1));
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
				|| value instanceof java.math.BigDecimal) {
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
		if (value instanceof java.sql.Timestamp timestamp) {
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

	/** Counters for the dashboard. */
	public Stats stats() {
		long bytes = -1;
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						TABLE_MEMORY)) {
			result.next();
			bytes = result.getLong(1);
		}
		catch (SQLException | RuntimeException ex) {
			TelemetryErrors.report("reading the explorer's size", ex);
		}
		return new Stats(this.storedSpans.get(), this.ingestedSpans.get(), this.expiredSpans.get(), bytes,
				this.retention.getMaxSpans(), this.retention.getMaxAge(), this.retention.getMaxSize().toBytes());
	}

	/**
	 * @param storedSpans spans held now
	 * @param ingestedSpans spans received since start
	 * @param expiredSpans spans deleted by retention
	 * @param storedBytes memory the stored spans take
	 */
	public record Stats(long storedSpans, long ingestedSpans, long expiredSpans, long storedBytes, long maxSpans,
			Duration maxAge, long maxBytes) {
	}

	@Override
	public void close() {
		synchronized (this.writeLock) {
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			this.canceller.shutdownNow();
			try {
				synchronized (this.connector) {
					this.connector.close();
				}
				this.writer.close();
			}
			catch (SQLException ex) {
				TelemetryErrors.report("closing the explorer's database", ex);
			}
		}
	}

}
