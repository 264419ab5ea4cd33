package dev.logspring.logfire.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.logspring.logfire.api.Level;
import dev.logspring.logfire.internal.LogfireAttributes;
import dev.logspring.logfire.internal.SpanOutcomes;
import dev.logspring.logfire.internal.TelemetryErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Makes every transaction a span around its statements: Spring calls transaction execution
 * listeners when a transaction (or a savepoint) begins, commits and rolls back, on the
 * transaction's thread; the span is current in between, so the statements nest under it. A
 * transaction joined by an inner {@code @Transactional} method is the same span.
 * <p>
 * Registered with every transaction manager by Spring Boot's transaction manager
 * customization, which adds all {@link TransactionExecutionListener} beans.
 */
final class TransactionSpanListener implements TransactionExecutionListener {

	static final AttributeKey<String> TRANSACTION_NAME = AttributeKey.stringKey("db.transaction.name");

	static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("db.transaction.outcome");

	static final AttributeKey<Boolean> READ_ONLY = AttributeKey.booleanKey("db.transaction.read_only");

	private final Tracer tracer;

	private final Map<TransactionExecution, Open> open = new ConcurrentHashMap<>();

	TransactionSpanListener(Tracer tracer) {
		this.tracer = tracer;
	}

	private record Open(Span span, Scope scope) {
	}

	@Override
	public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
		try {
			String name = shortName(transaction.getTransactionName());
			String message = (name != null) ? "transaction " + name : "transaction";
			Span span = this.tracer.spanBuilder("transaction")
				.setParent(Context.current())
				.setAttribute(LogfireAttributes.SPAN_TYPE, LogfireAttributes.SPAN_TYPE_SPAN)
				.setAttribute(LogfireAttributes.MSG, message)
				.setAttribute(READ_ONLY, transaction.isReadOnly())
				.startSpan();
			if (transaction.getTransactionName() != null && !transaction.getTransactionName().isEmpty()) {
				span.setAttribute(TRANSACTION_NAME, transaction.getTransactionName());
			}
			if (beginFailure != null) {
				SpanOutcomes.recordException(span, beginFailure);
				span.end();
				return;
			}
			this.open.put(transaction, new Open(span, span.makeCurrent()));
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("transaction spans", ex);
		}
	}

	@Override
	public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
		end(transaction, "commit", commitFailure);
	}

	@Override
	public void afterRollback(TransactionExecution transaction, @Nullable Throwable rollbackFailure) {
		end(transaction, "rollback", rollbackFailure);
	}

	private void end(TransactionExecution transaction, String outcome, @Nullable Throwable failure) {
		Open open = this.open.remove(transaction);
		if (open == null) {
			return;
		}
		try {
			open.scope().close();
			Span span = open.span();
			span.setAttribute(OUTCOME, outcome);
			if (failure != null) {
				SpanOutcomes.recordException(span, failure);
			}
			else if (outcome.equals("rollback")) {
				// A rollback is worth noticing; the exception that caused it is on an outer span.
				span.setAttribute(LogfireAttributes.LEVEL_NUM, (long) Level.WARN.number());
			}
			span.end();
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("transaction spans", ex);
		}
	}

	/** {@code com.example.UserService.register} as {@code UserService.register}. */
	static @Nullable String shortName(@Nullable String transactionName) {
		if (transactionName == null || transactionName.isEmpty()) {
			return null;
		}
		int method = transactionName.lastIndexOf('.');
		int type = (method > 0) ? transactionName.lastIndexOf('.', method - 1) : -1;
		return transactionName.substring(type + 1);
	}

}
