package dev.logspring.logfire.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlStatementInfo;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlStatementSanitizer;
import org.jspecify.annotations.Nullable;

/**
 * What a span may say about SQL: the statement with its literal values replaced by {@code ?}
 * (OpenTelemetry's SQL sanitizer, a tokenizer that knows strings, numbers, hex, escaped quotes
 * and comments), its operation and its main table. Results are cached by the sanitizer.
 */
final class SqlStatements {

	private static final SqlStatementSanitizer SANITIZER = SqlStatementSanitizer.create(true);

	private static final SqlStatementSanitizer VERBATIM = SqlStatementSanitizer.create(false);

	/** Quoted string literals of a statement, to find them again in an error message. */
	private static final Pattern STRING_LITERAL = Pattern.compile("'((?:[^']|'')*)'");

	/** What the sanitizer leaves of a prefixed literal such as {@code X'CAFE'} or {@code N'text'}. */
	private static final Pattern PREFIXED_PLACEHOLDER = Pattern.compile("(?i)(?<![\\w$])[xbn]\\?");

	/** Numbers of three or more digits: shorter ones are too common in messages to redact. */
	private static final Pattern NUMBER_LITERAL = Pattern.compile("(?<![\\w.])\\d{3,}(?:\\.\\d+)?(?![\\w.])");

	private SqlStatements() {
	}

	/** A summary of the statements one JDBC call executed. */
	record Summary(String text, @Nullable String operation, @Nullable String collection) {

		/** Span name as OpenTelemetry names database spans: {@code SELECT customers}. */
		String spanName(@Nullable String namespace) {
			if (this.operation == null) {
				return (namespace != null) ? namespace : "query";
			}
			if (this.collection != null) {
				return this.operation + " " + this.collection;
			}
			return (namespace != null) ? this.operation + " " + namespace : this.operation;
		}

	}

	/** Summarises the queries of one execution; several different statements join with {@code ;}. */
	static Summary summarize(List<String> queries, boolean keepLiterals) {
		if (queries.isEmpty()) {
			return new Summary("", null, null);
		}
		Set<String> texts = new LinkedHashSet<>();
		String operation = null;
		String collection = null;
		boolean first = true;
		for (String query : queries) {
			SqlStatementInfo sanitized = SANITIZER.sanitize(query);
			texts.add(keepLiterals ? VERBATIM.sanitize(query).getFullStatement()
					: PREFIXED_PLACEHOLDER.matcher(sanitized.getFullStatement()).replaceAll("?"));
			String op = (sanitized.getOperation() != null) ? sanitized.getOperation().toUpperCase(Locale.ROOT) : null;
			if (first) {
				operation = op;
				collection = sanitized.getMainIdentifier();
				first = false;
			}
			else {
				if (operation != null && !operation.equals(op)) {
					operation = null;
				}
				if (collection != null && !collection.equals(sanitized.getMainIdentifier())) {
					collection = null;
				}
			}
		}
		return new Summary(String.join(";\n", texts), operation, collection);
	}

	/**
	 * The literal values a statement carries, as they may be echoed in a driver's error message
	 * (quoted as in the SQL, and bare).
	 */
	static List<String> literals(List<String> queries) {
		List<String> literals = new ArrayList<>();
		for (String query : queries) {
			Matcher strings = STRING_LITERAL.matcher(query);
			while (strings.find()) {
				literals.add(strings.group());
				String bare = strings.group(1);
				if (bare.length() >= 3) {
					literals.add(bare);
					literals.add(bare.replace("''", "'"));
				}
			}
			Matcher numbers = NUMBER_LITERAL.matcher(query);
			while (numbers.find()) {
				literals.add(numbers.group());
			}
		}
		// Longest first, so a quoted literal is replaced whole before its content.
		literals.sort((a, b) -> Integer.compare(b.length(), a.length()));
		return literals;
	}

	/** {@code text} with every literal of {@code literals} replaced by {@code ?}. */
	static String redact(String text, List<String> literals) {
		if (text == null || literals.isEmpty()) {
			return text;
		}
		String result = text;
		for (String literal : literals) {
			if (!literal.isEmpty()) {
				result = result.replace(literal, "?");
			}
		}
		return result;
	}

}
