package dev.logspring.logfire.explorer;

import java.util.List;

/**
 * Rows of a query, each value already in a JSON-friendly form (numbers, booleans, text, lists).
 * @param columns column names, in order
 * @param types DuckDB type names of the columns
 * @param rows at most the configured number of rows
 * @param truncated whether more rows were left out
 * @param elapsedMillis time the query took
 */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated,
		long elapsedMillis) {
}
