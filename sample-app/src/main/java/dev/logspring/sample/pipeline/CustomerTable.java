package dev.logspring.sample.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logspring.logfire.api.Logfire;
import dev.logspring.logfire.api.LogfireSpan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customers data set in the embedded database: imported from the CSV on the classpath once
 * the application has started, before the demo runs (rows kept as they are, duplicates and gaps
 * included: cleaning is the pipeline's job), and read back by the pipeline. Every statement
 * shows as a span.
 */
@Repository
@Order(0)
public class CustomerTable implements ApplicationRunner {

	static final String RESOURCE = "data/customers.csv";

	private static final Logger log = LoggerFactory.getLogger(CustomerTable.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TransactionTemplate transactions;

	private final Logfire logfire;

	public CustomerTable(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, Logfire logfire) {
		this.jdbc = jdbc;
		this.template = template;
		this.transactions = transactions;
		this.logfire = logfire;
	}

	@Override
	public void run(ApplicationArguments args) {
		try (LogfireSpan span = this.logfire.span("importing {resource} into the database",
				Map.of("resource", RESOURCE))) {
			this.jdbc.sql("""
					CREATE TABLE IF NOT EXISTS customers (
					  row_id IDENTITY PRIMARY KEY,
					  source VARCHAR(200) NOT NULL,
					  customer_id INT NOT NULL,
					  age INT,
					  monthly_spend DOUBLE PRECISION,
					  support_calls INT NOT NULL,
					  tenure_months INT NOT NULL,
					  churned BOOLEAN NOT NULL)""").update();
			int rows = this.transactions.execute((status) -> importCsv(RESOURCE));
			log.info("imported {} customers from {}", rows, RESOURCE);
		}
	}

	/**
	 * Replaces the rows of the CSV (one batch): the in-memory database outlives one application
	 * when several start in the same JVM. Returns the number of rows.
	 */
	private int importCsv(String resource) {
		this.jdbc.sql("DELETE FROM customers WHERE source = ?").param(resource).update();
		List<Object[]> rows = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8))) {
			reader.readLine();
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank()) {
					String[] fields = line.split(",", -1);
					rows.add(new Object[] { resource, Integer.parseInt(fields[0]), parseInteger(fields[1]),
							parseDouble(fields[2]), Integer.parseInt(fields[3]), Integer.parseInt(fields[4]),
							"1".equals(fields[5]) });
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.template.batchUpdate("INSERT INTO customers (source, customer_id, age, monthly_spend, support_calls, "
				+ "tenure_months, churned) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
		return rows.size();
	}

	/** The rows imported from {@code resource}, in file order. */
	public List<Customer> findAll(String resource) {
		return this.jdbc.sql("SELECT customer_id, age, monthly_spend, support_calls, tenure_months, churned "
				+ "FROM customers WHERE source = ? ORDER BY row_id")
			.param(resource)
			.query((rs, rowNum) -> new Customer(rs.getInt("customer_id"), (Integer) rs.getObject("age"),
					(Double) rs.getObject("monthly_spend"), rs.getInt("support_calls"), rs.getInt("tenure_months"),
					rs.getBoolean("churned")))
			.list();
	}

	private static Integer parseInteger(String value) {
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Double parseDouble(String value) {
		try {
			return Double.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
