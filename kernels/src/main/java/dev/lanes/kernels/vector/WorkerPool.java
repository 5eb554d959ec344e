package dev.lanes.kernels.vector;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads kernel calls share — the GEMM's rectangles of C and the optimisers' element-wise updates
 * ({@link VectorOptimizerSteps}): one set of daemon helper threads for the JVM, one fewer than there are
 * processors (the calling thread always does a share of the work itself).
 *
 * <p><b>No oversubscription.</b> Each helper is a permit: a call claims helpers with a compare-and-set and never
 * waits for one: it takes as many as are free at that moment (up to what it asked for) and does the rest of the
 * work itself. So however many threads call kernels at once, no more than one task per processor is ever
 * running, and a call never waits for another call's work. The split of a problem does not change its results
 * (see {@code VectorGemm} and {@link VectorOptimizerSteps}), so the number of helpers a call gets is free to vary.
 *
 * <p><b>Fast hand-off.</b> A call is handed to a helper through a volatile slot. An idle helper, and a caller
 * waiting for its parts, spin for {@link #SPIN_NANOS} before parking: a park/unpark round trip measured 42 µs
 * on the 2-CPU development VM, while one GEMM of a training step lasts 50–300 µs, so back-to-back calls must find
 * their threads awake; bounded spinning keeps them awake between calls without burning a core when idle.
 * Whoever sleeps announces it with a volatile flag before re-checking its condition, and whoever changes the
 * condition reads the flag after writing: one of the two always sees the other, so no wake-up is lost, and
 * nobody pays for an unpark of a thread that is not parked.
 *
 * <p><b>No allocation per call.</b> A {@link Job} is reused by its calling thread. A part's failure is rethrown
 * to the caller.
 */
public final class WorkerPool {

    /**
     * How long an idle thread spins before parking. About twice the measured park/unpark round trip (42 µs), so
     * spinning never wastes more than about twice what a wake-up would have cost, and long enough to bridge the
     * element-wise work between the GEMMs of one training step.
     */
    static final long SPIN_NANOS = 100_000;

    /** Helper threads: available processors minus the caller. */
    private static final Helper[] HELPERS = startHelpers(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));

    private WorkerPool() {
    }

    private static Helper[] startHelpers(int count) {
        Helper[] helpers = new Helper[count];
        for (int i = 0; i < count; i++) {
            helpers[i] = new Helper();
            Thread thread = new Thread(helpers[i], "lanes-worker-" + (i + 1));
            thread.setDaemon(true);
            helpers[i].thread = thread;
            thread.start();
        }
        return helpers;
    }

    /** Most helpers one call can get (0 on a single processor). */
    public static int helpers() {
        return HELPERS.length;
    }

    /**
     * Work split into parts: {@link #run(int, int)} runs part {@code part} of {@code parts}. Subclasses hold the
     * arguments of one call in fields, set before {@link #invoke} and cleared after it; one instance per calling
     * thread.
     *
     * <p><b>Parts are claimed, not assigned.</b> The caller and the helpers it got take parts from a shared
     * counter until none is left, and the call returns when every part is done, not when every helper has
     * reported. So a helper that starts late — parked, or its processor taken by the host — takes no part and
     * the caller does its share, instead of waiting for it. The counter carries the call's generation: a helper
     * handed an earlier call that wakes up during a later one finds the generation changed and takes nothing.
     * Such a helper stays claimed until it has looked, so the next call may get one helper fewer.
     */
    public abstract static class Job {
        /** The call's generation in the high 32 bits, the next unclaimed part in the low 32. */
        private final AtomicLong claims = new AtomicLong();
        private final AtomicInteger done = new AtomicInteger();
        private final Helper[] claimed;
        private volatile Thread caller;
        /** Set by the caller just before it parks; read by whoever finishes the last part. */
        private volatile boolean parked;
        private volatile Throwable failure;
        /** How many parts this call is cut into; set by {@link #invoke} before any part is claimed. */
        int partCount;

        protected Job() {
            claimed = new Helper[HELPERS.length];
        }

        /** Runs part {@code part} (0 ≤ part &lt; parts) of this call's work. */
        protected abstract void run(int part, int parts);

        /**
         * Runs the work as {@code min(wanted, processors)} parts, on this thread and whatever helpers are free
         * now. Returns when every part has finished; rethrows a part's failure.
         */
        public final void invoke(int wanted) {
            int count = Math.max(1, Math.min(wanted, HELPERS.length + 1));
            partCount = count;
            if (count == 1) {
                run(0, 1);
                return;
            }
            int helpers = 0;
            for (int i = 0; i < HELPERS.length && helpers < count - 1; i++) {
                if (HELPERS[i].claim()) {
                    claimed[helpers++] = HELPERS[i];
                }
            }
            caller = Thread.currentThread();
            failure = null;
            done.set(0);
            long generation = (claims.get() >>> 32) + 1;
            claims.set(generation << 32);            // publishes the fields above and the subclass's arguments
            try {
                for (int i = 0; i < helpers; i++) {
                    claimed[i].hand(this, generation, count);
                    claimed[i] = null;
                }
                work(generation, count);
            } finally {
                awaitParts(count);
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

        /**
         * Claims and runs parts of call {@code generation}, cut into {@code count}, until none is left. The
         * count comes with the generation rather than from {@link #partCount}, which the next call may already
         * have overwritten when a late helper gets here.
         */
        private void work(long generation, int count) {
            while (true) {
                long c = claims.get();
                int part = (int) c;
                if (c >>> 32 != generation || part >= count) {
                    return;
                }
                if (!claims.compareAndSet(c, c + 1)) {
                    continue;
                }
                try {
                    run(part, count);
                } catch (Throwable t) {
                    failure = t;
                }
                if (done.incrementAndGet() == count && parked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        private void awaitParts(int count) {
            long start = System.nanoTime();
            while (done.get() != count) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (done.get() != count) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
    }

    /** One helper thread and its slot for the next call it helps. */
    private static final class Helper implements Runnable {
        /** Held by the call this helper works for, from its claim until it has stopped claiming parts. */
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile Job next;
        /** The generation and part count of the call in {@link #next}; written before it. */
        private long nextGeneration;
        private int nextCount;
        /** Set by the helper just before it parks; read by {@link #hand} after filling the slot. */
        private volatile boolean parked;
        private Thread thread;

        boolean claim() {
            return !busy.get() && busy.compareAndSet(false, true);
        }

        void hand(Job job, long generation, int count) {
            nextGeneration = generation;
            nextCount = count;
            next = job;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (true) {
                Job job = awaitJob();
                long generation = nextGeneration;
                int count = nextCount;
                next = null;
                job.work(generation, count);
                busy.set(false);
            }
        }

        private Job awaitJob() {
            long start = System.nanoTime();
            while (true) {
                Job job = next;
                if (job != null) {
                    return job;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (next == null) {
                    LockSupport.park(this);
                }
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
