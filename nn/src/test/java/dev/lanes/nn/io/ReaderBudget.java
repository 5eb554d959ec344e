package dev.lanes.nn.io;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three rules every reader of untrusted bytes is fuzzed against: it fails only with its documented exception,
 * allocates at most {@link #ALLOCATION_MULTIPLE} times what the input can legitimately hold plus {@link
 * #ALLOCATION_SLACK_BYTES}, and returns within {@link #TIME_LIMIT_NANOS} of the reading thread's CPU time (not wall
 * time: a loaded machine must not fail a correct reader, while one stuck in a loop still fails). Allocation is
 * measured with {@code ThreadMXBean.getThreadAllocatedBytes} around the call, so it counts garbage too: a reader
 * that allocates a gigabyte and then rejects the file fails here even when the heap would have held it. The read
 * runs twice and the second run is measured, so that one-time costs (loading classes, which under Jazzer's agent
 * includes instrumenting them on the reading thread) are not charged to the input.
 */
public final class ReaderBudget {

    /** Bytes allocated per byte of legitimate content (the readers copy through one buffer and one array). */
    public static final long ALLOCATION_MULTIPLE = 8;
    /** Fixed costs: stream and parser buffers, exception messages and stack traces. */
    public static final long ALLOCATION_SLACK_BYTES = 4L << 20;
    public static final long TIME_LIMIT_NANOS = 1_000_000_000L;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ReaderBudget() {
    }

    /** A read of untrusted bytes. */
    @FunctionalInterface
    public interface Read {
        void run() throws Exception;
    }

    /**
     * Runs {@code read} and fails unless it returns or throws {@code documented}, within the time limit,
     * allocating at most the multiple of {@code contentBytes} plus the slack.
     */
    public static void check(String reader, Class<? extends Exception> documented, long contentBytes, Read read) {
        run(reader, documented, read);
        long thread = Thread.currentThread().threadId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
        long start = THREADS.getCurrentThreadCpuTime();
        run(reader, documented, read);
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        long allocated = THREADS.getThreadAllocatedBytes(thread) - allocatedBefore;
        long allowed = ALLOCATION_SLACK_BYTES + ALLOCATION_MULTIPLE * contentBytes;
        assertTrue(allocated <= allowed, () -> reader + " allocated " + allocated + " bytes for " + contentBytes
                + " bytes of content; the budget is " + allowed);
        assertTrue(nanos <= TIME_LIMIT_NANOS, () -> reader + " took " + nanos / 1_000_000
                + " ms of CPU time; the limit is "
                + TIME_LIMIT_NANOS / 1_000_000 + " ms");
    }

    private static void run(String reader, Class<? extends Exception> documented, Read read) {
        try {
            read.run();
        } catch (Exception e) {
            if (!documented.isInstance(e)) {
                throw new AssertionError(reader + " threw " + e.getClass().getName() + ", not its documented "
                        + documented.getSimpleName(), e);
            }
        }
    }
}
