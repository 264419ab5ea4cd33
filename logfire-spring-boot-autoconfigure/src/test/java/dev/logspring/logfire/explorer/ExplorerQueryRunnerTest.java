package dev.logspring.logfire.explorer;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query runner alone, over a plain DuckDB database whose configuration is not locked: the
 * parser check and the rolled-back transaction are what keep a typed query from writing.
 */
class ExplorerQueryRunnerTest {

	private DuckDBConnection database;

	private ExplorerQueryRunner runner;

	@BeforeEach
	void open() throws SQLException {
		this.database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
		try (Statement statement = this.database.createStatement()) {
			statement.execute("CREATE TABLE notes (id INTEGER, text VARCHAR)");
			statement.execute("INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
		}
		this.runner = new ExplorerQueryRunner(this.database.duplicate(), 5, Duration.ofSeconds(5));
	}

	@AfterEach
	void close() throws SQLException {
		this.runner.close();
		this.database.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "INSERT INTO notes VALUES (3, 'three')", "UPDATE notes SET text = 'x'", "DELETE FROM notes",
			"DROP TABLE notes", "CREATE TABLE copied AS SELECT * FROM notes", "SET threads = 4",
			"SELECT 1; DELETE FROM notes" })
	void refusesEveryTextThatIsNotOneSelectAndTheDataStaysAsItWas(String sql) {
		assertThatThrownBy(() -> this.runner.query(sql)).isInstanceOf(ExplorerQueryException.class)
			.hasMessageMatching("(Only SELECT queries are allowed|Exactly one SELECT query).*");

		assertThat(this.runner.query("SELECT id, text FROM notes ORDER BY id").rows())
			.containsExactly(List.of(1, "one"), List.of(2, "two"));
	}

	@Test
	void selectsReadValuesInAJsonFriendlyFormAndStopAtMaxRows() {
		QueryResult result = this.runner.query("SELECT range AS n, [range, 2] AS pair, 'inf'::DOUBLE AS infinite "
				+ "FROM range(10)");

		assertThat(result.columns()).containsExactly("n", "pair", "infinite");
		assertThat(result.rows()).hasSize(5);
		assertThat(result.truncated()).isTrue();
		assertThat(result.rows().get(1)).containsExactly(1L, List.of(1L, 2L), null);
	}

	@Test
	void theExplorersOwnSelectsTakeParameters() {
		assertThat(this.runner.select("SELECT text FROM notes WHERE id = ?", 2).rows()).containsExactly(List.of("two"));
	}

	@Test
	void aClosedRunnerRefusesQueries() throws SQLException {
		this.runner.close();

		assertThatThrownBy(() -> this.runner.query("SELECT 1")).isInstanceOf(ExplorerQueryException.class)
			.hasMessageContaining("stopped");
	}

}
