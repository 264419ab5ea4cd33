package dev.logspring.logfire.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import dev.logspring.logfire.testsupport.LogfireContextRunners;
import dev.logspring.logfire.testsupport.OtlpReceiver;
import dev.logspring.logfire.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.Event;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JDBC statements through a Spring-managed DataSource (H2) reach a real OTLP receiver as CLIENT
 * spans in Logfire's shape, with literals removed; transactions are spans around them.
 */
class JdbcSpansTest {

	private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS users "
			+ "(id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) UNIQUE, note VARCHAR(200))";

	private final OtlpReceiver receiver = new OtlpReceiver();

	private ApplicationContextRunner runner(String database) {
		return LogfireContextRunners.full()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					TransactionManagerCustomizationAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					JdbcClientAutoConfiguration.class, DataSourceObservationAutoConfiguration.class))
			.withPropertyValues("logfire.otlp.endpoint=" + this.receiver.baseUrl(),
					"spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
					"logfire.logging.enabled=false")
			.withBean(Users.class);
	}

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void statementsAreClientSpansWithSanitizedSql() {
		runner("statements").run((context) -> {
			Logfire logfire = context.getBean(Logfire.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			JdbcTemplate template = context.getBean(JdbcTemplate.class);
			try (LogfireSpan span = logfire.span("user import")) {
				jdbc.sql(SCHEMA).update();
				jdbc.sql("INSERT INTO users (email, note) VALUES (?, ?)").params("ada@example.com", "first").update();
				template.batchUpdate("INSERT INTO users (email, note) VALUES (?, ?)",
						List.of(new Object[] { "bob@example.com", "b" }, new Object[] { "cy@example.com", "c" },
								new Object[] { "di@example.com", "d" }));
				List<Map<String, Object>> rows = jdbc.sql("SELECT id, email FROM users WHERE id > ?")
					.param(0)
					.query()
					.listOfRows();
				assertThat(rows).hasSize(4);
				assertThatThrownBy(() -> jdbc.sql("SELECT missing_column FROM users").query().listOfRows())
					.hasMessageContaining("missing_column");
			}
		});
		ReceivedSpan parent = this.receiver.awaitSpanNamed("user import");

		ReceivedSpan insert = this.receiver.awaitSpan((span) -> span.name().equals("INSERT users")
				&& span.longValue("db.operation.batch.size") == null);
		assertThat(insert.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(insert.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(insert.string("db.query.text")).isEqualTo("INSERT INTO users (email, note) VALUES (?, ?)");
		assertThat(insert.string("logfire.msg")).isEqualTo(insert.string("db.query.text"));
		assertThat(insert.string("db.system.name")).isEqualTo("h2database");
		assertThat(insert.string("db.namespace")).isEqualTo("STATEMENTS");
		assertThat(insert.string("db.operation.name")).isEqualTo("INSERT");
		assertThat(insert.string("db.collection.name")).isEqualTo("users");
		assertThat(insert.longValue("db.response.affected_rows")).isEqualTo(1L);

		ReceivedSpan batch = this.receiver.awaitSpanNamed("BATCH INSERT users");
		assertThat(batch.longValue("db.operation.batch.size")).isEqualTo(3L);
		assertThat(batch.longValue("db.response.affected_rows")).isEqualTo(3L);
		assertThat(batch.string("db.operation.name")).isEqualTo("BATCH INSERT");

		// The failed query is a "SELECT users" too, and batches need not arrive in the order they ended.
		ReceivedSpan select = this.receiver.awaitSpan((span) -> span.name().equals("SELECT users")
				&& span.longValue("db.response.returned_rows") != null);
		assertThat(select.string("db.query.text")).isEqualTo("SELECT id, email FROM users WHERE id > ?");
		assertThat(select.longValue("db.response.returned_rows")).isEqualTo(4L);
		assertThat(select.parentSpanId()).isEqualTo(parent.spanId());

		ReceivedSpan failed = this.receiver.awaitSpan((span) -> "SELECT missing_column FROM users"
			.equals(span.string("db.query.text")));
		assertThat(failed.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(failed.longValue("logfire.level_num")).isEqualTo(17L);
		assertThat(failed.string("error.type")).contains("JdbcSQLSyntaxErrorException");
		assertThat(exceptionEvent(failed)).isNotNull();

		// Only Logfire's shape: datasource-micrometer's raw tags never leave, no extra spans.
		assertThat(this.receiver.spans()).allSatisfy((span) -> assertThat(span.span().getAttributesList())
			.noneMatch((kv) -> kv.getKey().startsWith("jdbc.query") || kv.getKey().startsWith("jdbc.params")));
		assertThat(this.receiver.spans()).extracting(ReceivedSpan::name)
			.doesNotContain("query", "result-set", "connection", "generated-keys");
	}

	@Test
	void literalValuesNeverLeaveTheProcess() {
		// Logs on too: nothing that reaches the receiver may carry a literal.
		runner("secrets").withPropertyValues("logfire.logging.enabled=true").run((context) -> {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			jdbc.sql(SCHEMA).update();
			jdbc.sql("INSERT INTO users (email, note) VALUES ('planted@example.com', 'tok_9f8e7d6c5b4a')").update();
			jdbc.sql("SELECT id FROM users WHERE note = 'tok_9f8e7d6c5b4a' AND id < 31337").query().listOfRows();
			jdbc.sql("UPDATE users SET note = X'DEADBEEF00' WHERE email = 'planted@example.com'").update();
			jdbc.sql("DELETE FROM users WHERE id = 0x7A69 OR note = N'tok_9f8e7d6c5b4a' -- 'tok_9f8e7d6c5b4a'").update();
			assertThatThrownBy(() -> jdbc
				.sql("SELECT nope FROM users WHERE note = 'tok_9f8e7d6c5b4a' /* 'tok_9f8e7d6c5b4a' */")
				.query()
				.listOfRows()).hasMessageContaining("tok_9f8e7d6c5b4a");
		});
		ReceivedSpan select = this.receiver.awaitSpan((span) -> span.name().equals("SELECT users")
				&& span.string("db.query.text").contains("SELECT id"));
		assertThat(select.string("db.query.text")).isEqualTo("SELECT id FROM users WHERE note = ? AND id < ?");
		ReceivedSpan update = this.receiver.awaitSpanNamed("UPDATE users");
		assertThat(update.string("db.query.text")).isEqualTo("UPDATE users SET note = ? WHERE email = ?");
		ReceivedSpan delete = this.receiver.awaitSpanNamed("DELETE users");
		assertThat(delete.string("db.query.text")).startsWith("DELETE FROM users WHERE id = ? OR note = ?");
		ReceivedSpan failed = this.receiver.awaitSpan((span) -> span.span().getStatus()
			.getCode() == Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(exceptionEvent(failed)).isNotNull();
		// The driver quotes the statement in its error message: the literal is gone there too.
		for (OtlpReceiver.Request request : this.receiver.requests()) {
			String body = new String(request.body(), StandardCharsets.ISO_8859_1);
			assertThat(body).doesNotContain("tok_9f8e7d6c5b4a", "planted@example.com", "31337", "DEADBEEF", "7A69");
		}
	}

	@Test
	void literalValuesAreRecordedWhenTheUserOptsIn() {
		runner("optin").withPropertyValues("logfire.jdbc.record-literal-values=true").run((context) -> {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			jdbc.sql(SCHEMA).update();
			jdbc.sql("SELECT id FROM users WHERE email = 'visible@example.com'").query().listOfRows();
		});
		ReceivedSpan select = this.receiver.awaitSpanNamed("SELECT users");
		assertThat(select.string("db.query.text")).isEqualTo("SELECT id FROM users WHERE email = 'visible@example.com'");
	}

	@Test
	void transactionsAreSpansAroundTheirStatements() {
		runner("transactions").run((context) -> {
			context.getBean(JdbcClient.class).sql(SCHEMA).update();
			Logfire logfire = context.getBean(Logfire.class);
			Users users = context.getBean(Users.class);
			try (LogfireSpan span = logfire.span("signup")) {
				users.register("eve@example.com");
				assertThatThrownBy(() -> users.register("eve@example.com")).isInstanceOf(RuntimeException.class);
			}
		});
		ReceivedSpan signup = this.receiver.awaitSpanNamed("signup");
		List<ReceivedSpan> transactions = this.receiver.spans().stream()
			.filter((span) -> span.name().equals("transaction"))
			.toList();
		assertThat(transactions).hasSize(2).allSatisfy((tx) -> {
			assertThat(tx.parentSpanId()).isEqualTo(signup.spanId());
			assertThat(tx.string("logfire.msg")).isEqualTo("transaction JdbcSpansTest$Users.register");
		});
		ReceivedSpan committed = transactions.stream()
			.filter((tx) -> "commit".equals(tx.string("db.transaction.outcome")))
			.findFirst()
			.orElseThrow();
		ReceivedSpan rolledBack = transactions.stream()
			.filter((tx) -> "rollback".equals(tx.string("db.transaction.outcome")))
			.findFirst()
			.orElseThrow();
		assertThat(rolledBack.longValue("logfire.level_num")).isEqualTo(13L);
		List<String> inCommitted = this.receiver.spans().stream()
			.filter((span) -> span.parentSpanId().equals(committed.spanId()))
			.map(ReceivedSpan::name)
			.toList();
		assertThat(inCommitted).containsExactly("INSERT users", "SELECT users");
	}

	@Test
	void aLongWaitForAPooledConnectionIsItsOwnSpan() throws Exception {
		runner("pool").withPropertyValues("spring.datasource.hikari.maximum-pool-size=1").run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			CountDownLatch held = new CountDownLatch(1);
			Thread holder = new Thread(() -> {
				try (Connection connection = dataSource.getConnection()) {
					held.countDown();
					// A long transaction holding the only connection: the wait for it must take real time.
					Thread.sleep(300);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			holder.start();
			assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
			try (LogfireSpan span = context.getBean(Logfire.class).span("busy pool")) {
				jdbc.sql("SELECT 1").query().singleValue();
			}
			holder.join();
		});
		ReceivedSpan busy = this.receiver.awaitSpanNamed("busy pool");
		ReceivedSpan wait = this.receiver.awaitSpan((span) -> span.name().equals("acquire connection")
				&& span.parentSpanId().equals(busy.spanId()));
		long millis = (wait.span().getEndTimeUnixNano() - wait.span().getStartTimeUnixNano()) / 1_000_000;
		assertThat(millis).isGreaterThanOrEqualTo(100);
		assertThat(wait.string("jdbc.datasource.name")).isNotBlank();
	}

	@Test
	void disabledRecordsNoJdbcSpansAtAll() {
		runner("disabled").withPropertyValues("logfire.jdbc.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(LogfireJdbcObservationHandler.class);
			assertThat(context).doesNotHaveBean(JdbcStatementListener.class)
				.doesNotHaveBean(TransactionSpanListener.class);
			try (LogfireSpan span = context.getBean(Logfire.class).span("no sql")) {
				context.getBean(JdbcClient.class).sql("SELECT 'secret-value'").query().singleValue();
			}
		});
		this.receiver.awaitSpanNamed("no sql");
		assertThat(this.receiver.spans()).extracting(ReceivedSpan::name).containsExactly("no sql");
	}

	private static Event exceptionEvent(ReceivedSpan span) {
		return span.span().getEventsList().stream().filter((event) -> event.getName().equals("exception"))
			.findFirst().orElse(null);
	}

	static class Users {

		private final JdbcClient jdbc;

		Users(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional
		public int register(String email) {
			this.jdbc.sql("INSERT INTO users (email) VALUES (?)").param(email).update();
			return this.jdbc.sql("SELECT COUNT(*) FROM users").query(Integer.class).single();
		}

	}

}
