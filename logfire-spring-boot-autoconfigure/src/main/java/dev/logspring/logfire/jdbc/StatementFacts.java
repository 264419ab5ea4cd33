package dev.logspring.logfire.jdbc;

import java.sql.ResultSet;

import org.jspecify.annotations.Nullable;

/**
 * What the JDBC proxy knows about one execution and the observation does not: the database,
 * the batch size, and the result set whose rows are still to be counted. Put in the query's
 * observation context by {@link JdbcStatementListener}, read by
 * {@link LogfireJdbcObservationHandler}.
 */
record StatementFacts(DatabaseInfo database, int batchSize, @Nullable ResultSet resultSet) {
}
