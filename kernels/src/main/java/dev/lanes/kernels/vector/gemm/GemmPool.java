package dev.lanes.kernels.vector.gemm;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads GEMM calls share: one daemon pool for the JVM, with one helper thread fewer than there are
 * processors (the calling thread always does a share of the work itself).
 *
 * <p><b>No oversubscription.</b> A call borrows helpers with permits from a semaphore holding one permit per
 * helper thread, and never waits for one: it takes as many as are free at that moment (up to what it asked
 * for) and does the rest of the work itself. So however many threads call GEMM at once, no more than one GEMM
 * task per processor is ever running or queued, and a call never waits for another call's work. The split of
 * a problem does not change its results (see {@link VectorGemm}), so the number of helpers a call gets is free
 * to vary.
 *
 * <p><b>No allocation per call.</b> A {@link Job} is reused by its calling thread; its parts are reused
 * {@code Runnable}s; the queue is an array. Waiting is a park, woken by the last part to finish.
 */
final class GemmPool {

    /** Helper threads: available processors minus the caller. */
    private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static final Semaphore PERMITS = new Semaphore(HELPERS);
    private static final ThreadPoolExecutor EXECUTOR = HELPERS == 0 ? null : newExecutor();

    private GemmPool() {
    }

    private static ThreadPoolExecutor newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(HELPERS, HELPERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HELPERS + 1), runnable -> {
                    Thread thread = new Thread(runnable, "lanes-gemm-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.prestartAllCoreThreads();
        return executor;
    }

    /** Most helpers one call can get (0 on a single processor). */
    static int helpers() {
        return HELPERS;
    }

    /**
     * Work split into parts: {@link #run(int)} runs part {@code part} of {@code parts}. Subclasses hold the
     * arguments of one call in fields, set before {@link #invoke} and cleared after it; one instance per calling
     * thread.
     */
    abstract static class Job {
        private final AtomicInteger remaining = new AtomicInteger();
        private final Part[] parts;
        private volatile Thread caller;
        private volatile Throwable failure;
        /** How many parts this call was cut into; set by {@link #invoke}. */
        int partCount;

        Job() {
            parts = new Part[HELPERS];
            for (int i = 0; i < HELPERS; i++) {
                parts[i] = new Part(this, i + 1);
            }
        }

        /** Runs part {@code part} (0 ≤ part &lt; parts) of this call's work. */
        abstract void run(int part, int parts);

        /**
         * Runs the work as up to {@code wanted} parts: part 0 on this thread, the others on whatever helpers
         * are free now. Returns when every part has finished; rethrows a helper's failure.
         */
        final void invoke(int wanted) {
            int helpers = 0;
            while (helpers < wanted - 1 && PERMITS.tryAcquire()) {
                helpers++;
            }
            int count = helpers + 1;
            partCount = count;
            if (helpers == 0) {
                run(0, 1);
                return;
            }
            caller = Thread.currentThread();
            failure = null;
            remaining.set(helpers);
            int submitted = 0;
            try {
                for (; submitted < helpers; submitted++) {
                    EXECUTOR.execute(parts[submitted]);
                }
                run(0, count);
            } finally {
                if (submitted < helpers) {         // only if the executor refused a part, which the permits prevent
                    remaining.addAndGet(submitted - helpers);
                }
                while (remaining.get() != 0) {
                    LockSupport.park(this);
                }
                PERMITS.release(helpers);
                caller = null;
            }
            Throwable thrown = failure;
            if (thrown != null) {
                failure = null;
                if (thrown instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (thrown instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(thrown);
            }
        }

        private void finished(Throwable thrown) {
            if (thrown != null) {
                failure = thrown;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    private record Part(Job job, int index) implements Runnable {
        @Override
        public void run() {
            Throwable thrown = null;
            try {
                job.run(index, job.partCount);
            } catch (Throwable t) {
                thrown = t;
            }
            job.finished(thrown);
        }
    }
}
