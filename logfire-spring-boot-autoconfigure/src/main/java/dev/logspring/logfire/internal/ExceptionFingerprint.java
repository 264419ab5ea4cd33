package dev.logspring.logfire.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

import dev.logspring.logfire.api.Level;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * {@code logfire.exception.fingerprint}, which Logfire uses to group recurring errors into
 * issues: the SHA-256 of the canonical text of an exception, built as Logfire's Python SDK
 * builds it ({@code canonicalize_exception_traceback}): the exception's type, then each frame
 * once as {@code module.function} over its source line, then its cause; never the message or a
 * line number.
 * <p>
 * Adapted to Java: the module is the frame's class, the function its method. A deployed JVM has
 * no source text, so the source line is empty, as Python writes it when a file's source is not
 * available; two throw sites in one method therefore share a fingerprint. Class names the JVM
 * numbers per run (lambda and proxy classes, reflection accessors) lose their numbers, so one
 * error keeps one fingerprint across restarts. A {@link StackOverflowError} stops at the 100th
 * repeated frame, as Python does for a {@code RecursionError}. Suppressed exceptions are left
 * out: they are failures while cleaning up, which Python records nowhere in its chain.
 */
public final class ExceptionFingerprint {

	public static final AttributeKey<String> KEY = AttributeKey.stringKey("logfire.exception.fingerprint");

	/** {@code $$Lambda/0x...}, {@code $Proxy12}, {@code GeneratedMethodAccessor7}, {@code $$SpringCGLIB$$0}. */
	private static final Pattern RUN_NUMBERS = Pattern
		.compile("(?<=\\$\\$Lambda)(\\$\\d+)?/0x\\p{XDigit}+|(?<=\\$\\$Lambda)\\$\\d+|(?<=\\$Proxy)\\d+"
				+ "|(?<=GeneratedMethodAccessor|GeneratedConstructorAccessor|GeneratedSerializationConstructorAccessor)\\d+"
				+ "|(?<=\\$\\$SpringCGLIB\\$\\$)\\d+");

	private static final int MAX_RECURSION_REPEATS = 100;

	private ExceptionFingerprint() {
	}

	/**
	 * Sets the fingerprint on {@code span} where Logfire opens an issue: the span is at level
	 * error or above and has no parent span in this process. Never throws.
	 */
	public static void setIfIssue(Span span, Level level, Throwable exception) {
		try {
			if (level.isAtLeast(Level.ERROR) && !hasLocalParent(span)) {
				span.setAttribute(KEY, of(exception));
			}
		}
		catch (RuntimeException ex) {
			TelemetryErrors.report("fingerprinting an exception", ex);
		}
	}

	private static boolean hasLocalParent(Span span) {
		if (!(span instanceof ReadableSpan readable)) {
			return true;
		}
		SpanContext parent = readable.getParentSpanContext();
		return parent.isValid() && !parent.isRemote();
	}

	/** The 64 hex digits of the SHA-256 of {@link #canonical(Throwable)}. */
	public static String of(Throwable exception) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(canonical(exception).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	/** The text that is hashed, laid out line for line as Python lays it out. */
	static String canonical(Throwable exception) {
		return canonical(exception, Collections.newSetFromMap(new IdentityHashMap<>()));
	}

	private static String canonical(Throwable exception, Set<Throwable> seen) {
		StringBuilder text = new StringBuilder();
		text.append('\n').append(withoutRunNumbers(exception.getClass().getName())).append("\n----");
		Set<String> visited = new HashSet<>();
		int repeats = 0;
		for (StackTraceElement frame : exception.getStackTrace()) {
			String summary = withoutRunNumbers(frame.getClassName()) + "." + withoutRunNumbers(frame.getMethodName())
					+ "\n   ";
			if (visited.add(summary)) {
				text.append('\n').append(summary);
			}
			else if (++repeats >= MAX_RECURSION_REPEATS && exception instanceof StackOverflowError) {
				text.append("\n\n<recursion detected>");
				break;
			}
		}
		if (!seen.add(exception)) {
			text.append("\n\n<repeated exception>");
		}
		else if (exception.getCause() != null) {
			text.append("\n\n__cause__:\n").append(canonical(exception.getCause(), seen));
		}
		return text.toString();
	}

	private static String withoutRunNumbers(String name) {
		return (name.indexOf('$') < 0 && name.indexOf("Accessor") < 0) ? name
				: RUN_NUMBERS.matcher(name).replaceAll("");
	}

}
