package dev.logspring.logfire.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * The CPU time and the heap bytes one thread spends between the start and the end of a span,
 * read from the JVM's per-thread counters. Only the starting thread is counted: a span ended on
 * another thread (an asynchronous result completed elsewhere) records nothing, because the work
 * it waited for ran on threads it cannot tell apart from unrelated work.
 */
public final class ThreadUsage {

	/** CPU time of the span's thread while the span was open, in nanoseconds. */
	public static final AttributeKey<Long> CPU_TIME = AttributeKey.longKey("thread.cpu_time_ns");

	/** Heap bytes allocated by the span's thread while the span was open. */
	public static final AttributeKey<Long> ALLOCATED_BYTES = AttributeKey.longKey("thread.allocated_bytes");

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** HotSpot's extension with per-thread allocation counters, when the JVM offers it. */
	private static final com.sun.management.@Nullable ThreadMXBean ALLOCATIONS = allocationCounters();

	private static final boolean CPU_SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

	private final Thread thread;

	private final long cpuStart;

	private final long allocatedStart;

	private ThreadUsage(Thread thread, long cpuStart, long allocatedStart) {
		this.thread = thread;
		this.cpuStart = cpuStart;
		this.allocatedStart = allocatedStart;
	}

	/** Reads the current thread's counters; call when the span starts. */
	public static ThreadUsage start() {
		return new ThreadUsage(Thread.currentThread(), cpuTime(), allocatedBytes());
	}

	/**
	 * Sets what the thread used since {@link #start()} on {@code span}; nothing when called on
	 * another thread or when the JVM keeps no such counter. Call just before the span ends.
	 */
	public void recordOnto(Span span) {
		if (Thread.currentThread() != this.thread) {
			return;
		}
		long cpu = cpuTime();
		long allocated = allocatedBytes();
		if (cpu >= 0 && this.cpuStart >= 0) {
			span.setAttribute(CPU_TIME, cpu - this.cpuStart);
		}
		if (allocated >= 0 && this.allocatedStart >= 0) {
			span.setAttribute(ALLOCATED_BYTES, allocated - this.allocatedStart);
		}
	}

	/** Whether {@code attributes} carry a thread's usage. */
	public static boolean isRecorded(Attributes attributes) {
		return attributes.get(CPU_TIME) != null || attributes.get(ALLOCATED_BYTES) != null;
	}

	/** -1 when CPU time is not measured on this JVM (or switched off). */
	private static long cpuTime() {
		return CPU_SUPPORTED ? THREADS.getCurrentThreadCpuTime() : -1;
	}

	/** -1 when allocations are not counted on this JVM (or switched off). */
	private static long allocatedBytes() {
		return (ALLOCATIONS != null) ? ALLOCATIONS.getCurrentThreadAllocatedBytes() : -1;
	}

	private static com.sun.management.@Nullable ThreadMXBean allocationCounters() {
		try {
			if (THREADS instanceof com.sun.management.ThreadMXBean hotspot
					&& hotspot.isThreadAllocatedMemorySupported()) {
				return hotspot;
			}
		}
		catch (LinkageError ex) {
			// jdk.management is not in this runtime image
		}
		return null;
	}

}
