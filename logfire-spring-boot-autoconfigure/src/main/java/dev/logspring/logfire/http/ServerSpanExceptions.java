package dev.logspring.logfire.http;

import java.lang.ref.WeakReference;

/**
 * The last exception a server span recorded on each thread, so that the container's own record
 * of it can be recognised: Tomcat logs "Servlet.service() ... threw exception" with the root
 * cause of what the request threw, on the request's thread, after the request's span has ended.
 * Weakly held, one per thread: costs nothing until a request fails.
 */
public final class ServerSpanExceptions {

	private static final int MAX_CAUSES = 20;

	private static final ThreadLocal<WeakReference<Throwable>> LAST = new ThreadLocal<>();

	private ServerSpanExceptions() {
	}

	static void recorded(Throwable exception) {
		LAST.set(new WeakReference<>(exception));
	}

	/**
	 * Whether {@code exception} is the exception the last server span of this thread recorded,
	 * one of its causes, or wraps it.
	 */
	public static boolean isRecorded(Throwable exception) {
		WeakReference<Throwable> last = LAST.get();
		Throwable recorded = (last != null) ? last.get() : null;
		return recorded != null && (inCauses(recorded, exception) || inCauses(exception, recorded));
	}

	private static boolean inCauses(Throwable outer, Throwable wanted) {
		Throwable current = outer;
		for (int i = 0; current != null && i < MAX_CAUSES; i++) {
			if (current == wanted) {
				return true;
			}
			current = current.getCause();
		}
		return false;
	}

}
