package dev.logspring.logfire.jdbc;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a span may say about a statement: literals of every kind replaced by {@code ?}, the
 * operation and the table; and literals removed from a driver's error message.
 */
class SqlStatementsTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"SELECT * FROM users WHERE email = 'ada@example.com'|SELECT * FROM users WHERE email = ?",
			"SELECT * FROM users WHERE note = 'it''s a secret'|SELECT * FROM users WHERE note = ?",
			"SELECT * FROM t WHERE a = 42 AND b = -3.5e10 AND c = .5|SELECT * FROM t WHERE a = ? AND b = ? AND c = ?",
			"SELECT * FROM t WHERE k = 0xCAFEBABE|SELECT * FROM t WHERE k = ?",
			"UPDATE t SET blob = X'DEADBEEF' WHERE id = 7|UPDATE t SET blob = ? WHERE id = ?",
			"SELECT * FROM t WHERE name = N'Ünïcode'|SELECT * FROM t WHERE name = ?",
			"SELECT * FROM t WHERE id IN (1, 2, 3)|SELECT * FROM t WHERE id IN (?)",
			"SELECT * FROM t /* 'comment secret' */ WHERE a = ?|SELECT * FROM t /* ? */ WHERE a = ?",
			"SELECT \"column\" FROM \"Mixed\" WHERE x = 'v'|SELECT \"column\" FROM \"Mixed\" WHERE x = ?" })
	void literalsBecomePlaceholders(String sql, String expected) {
		assertThat(SqlStatements.summarize(List.of(sql), false).text()).isEqualTo(expected);
	}

	@Test
	void operationAndTableNameTheSpan() {
		SqlStatements.Summary select = SqlStatements.summarize(List.of("select id from customers where x = 1"), false);
		assertThat(select.operation()).isEqualTo("SELECT");
		assertThat(select.collection()).isEqualTo("customers");
		assertThat(select.spanName("shop")).isEqualTo("SELECT customers");
		SqlStatements.Summary mixed = SqlStatements.summarize(
				List.of("INSERT INTO a VALUES (1)", "DELETE FROM b WHERE id = 2", "INSERT INTO a VALUES (3)"), false);
		assertThat(mixed.text()).isEqualTo("INSERT INTO a VALUES (?);\nDELETE FROM b WHERE id = ?");
		assertThat(mixed.operation()).isNull();
		assertThat(mixed.spanName("shop")).isEqualTo("shop");
	}

	@Test
	void literalsCanBeKeptOnRequest() {
		assertThat(SqlStatements.summarize(List.of("SELECT 1 FROM t WHERE a = 'x'"), true).text())
			.isEqualTo("SELECT 1 FROM t WHERE a = 'x'");
	}

	@Test
	void literalsAreRemovedFromErrorMessages() {
		List<String> literals = SqlStatements
			.literals(List.of("SELECT nope FROM users WHERE token = 'tok_it''s' AND pin = 424242 AND n = 7"));
		String h2 = "Column \"NOPE\" not found; SQL statement:\n"
				+ "SELECT nope FROM users WHERE token = 'tok_it''s' AND pin = 424242 AND n = 7 [42122-232]";
		assertThat(SqlStatements.redact(h2, literals)).isEqualTo("Column \"NOPE\" not found; SQL statement:\n"
				+ "SELECT nope FROM users WHERE token = ? AND pin = ? AND n = 7 [42122-232]");
		String postgres = "ERROR: invalid input syntax for type integer: \"tok_it's\"";
		assertThat(SqlStatements.redact(postgres, literals)).doesNotContain("tok_it");
	}

}
