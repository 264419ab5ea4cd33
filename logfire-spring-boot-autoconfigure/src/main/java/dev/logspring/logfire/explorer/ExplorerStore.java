package dev.logspring.logfire.explorer;

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Recent spans in an in-memory DuckDB database, bounded by count, age and size, queried with
 * read-only SQL.
 * <p>
 * Spans are written by one thread (the explorer's consumer of the span stream), which applies
 * retention after each batch. Queries go to the {@link ExplorerQueryRunner}; the database cannot
 * reach files or the network and its configuration is locked, so a query can neither write nor
 * read anything but the spans.
 */
public final class ExplorerStore implements AutoCloseable {

	/** The class whose presence tells that DuckDB's driver is on the classpath. */
	public static final String DUCKDB_CLASS = "org.duckdb.DuckDBConnection";

	/** When a bound is reached, this share of it is kept, so trimming does not run every batch. */
	private static final double TRIM_TO = 0.9;

	private static final long AGE_SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** Most memory DuckDB adds at once to an in-memory table (a block per column). */
	static final long ALLOCATION_STEP = 8L * 1024 * 1024;

	private final LogfireExplorerProperties.Retention retention;

	private final DuckDBConnection writer;

	private final ExplorerQueryRunner queries;

	private final Object writeLock = new Object();

	private final AtomicLong storedSpans = new AtomicLong();

	private final AtomicLong ingestedSpans = new AtomicLong();

	private final AtomicLong expiredSpans = new AtomicLong();

	private final AtomicBoolean closed = new AtomicBoolean();

	private long lastAgeSweep = System.nanoTime();

	/** Memory per stored span, measured with each batch. */
	private double bytesPerSpan = 1;

	public ExplorerStore(LogfireExplorerProperties properties) {
		this.retention = properties.getRetention();
		this.writer = open(this.retention.getMaxSize().toBytes());
		try {
			this.queries = new ExplorerQueryRunner(this.writer.duplicate(), properties.getQuery().getMaxRows(),
					properties.getQuery().getTimeout());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not start the explorer's DuckDB database", ex);
		}
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
		long used = SpanRecords.memoryBytes(this.writer);
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
		return this.queries.query(sql);
	}

	/** Runs one of the explorer's own SELECT queries with positional parameters. */
	QueryResult select(String sql, Object... parameters) {
		return this.queries.select(sql, parameters);
	}

	/** Counters for the dashboard. */
	public Stats stats() {
		long bytes = -1;
		try {
			bytes = this.queries.recordsMemory();
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
			try {
				this.queries.close();
				this.writer.close();
			}
			catch (SQLException ex) {
				TelemetryErrors.report("closing the explorer's database", ex);
			}
		}
	}

}
