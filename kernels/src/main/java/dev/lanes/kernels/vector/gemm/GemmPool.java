package dev.lanes.kernels.vector.gemm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads GEMM calls share: one set of daemon helper threads for the JVM, one fewer than there are
 * processors (the calling thread always does a share of the work itself).
 *
 * <p><b>No oversubscription.</b> Each helper is a permit: a call claims helpers with a compare-and-set and never
 * waits for one: it takes as many as are free at that moment (up to what it asked for) and does the rest of the
 * work itself. So however many threads call GEMM at once, no more than one GEMM task per processor is ever
 * running, and a call never waits for another call's work. The split of a problem does not change its results
 * (see {@link VectorGemm}), so the number of helpers a call gets is free to vary.
 *
 * <p><b>Fast hand-off.</b> A part is handed to a helper through a volatile slot. An idle helper, and a caller
 * waiting for its helpers, spin for {@link #SPIN_NANOS} before parking: a park/unpark round trip measured 42 µs
 * on the 2-CPU development VM, while one GEMM of a training step lasts 50–300 µs, so back-to-back calls must find
 * their threads awake; bounded spinning keeps them awake between calls without burning a core when idle.
 * Whoever sleeps announces it with a volatile flag before re-checking its condition, and whoever changes the
 * condition reads the flag after writing: one of the two always sees the other, so no wake-up is lost, and
 * nobody pays for an unpark of a thread that is not parked.
 *
 * <p><b>No allocation per call.</b> A {@link Job} is reused by its calling thread and its parts are reused.
 * A helper's failure is rethrown to the caller.
 */
final class GemmPool {

    /**
     * How long an idle thread spins before parking. About twice the measured park/unpark round trip (42 µs), so
     * spinning never wastes more than about twice what a wake-up would have cost, and long enough to bridge the
     * element-wise work between the GEMMs of one training step.
     */
    static final long SPIN_NANOS = 100_000;

    /** Helper threads: available processors minus the caller. */
    private static final Helper[] HELPERS = startHelpers(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));

    private GemmPool() {
    }

    private static Helper[] startHelpers(int count) {
        Helper[] helpers = new Helper[count];
        for (int i = 0; i < count; i++) {
            helpers[i] = new Helper();
            Thread thread = new Thread(helpers[i], "lanes-gemm-" + (i + 1));
            thread.setDaemon(true);
            helpers[i].thread = thread;
            thread.start();
        }
        return helpers;
    }

    /** Most helpers one call can get (0 on a single processor). */
    static int helpers() {
        return HELPERS.length;
    }

    /**
     * Work split into parts: {@link #run(int)} runs part {@code part} of {@code parts}. Subclasses hold the
     * arguments of one call in fields, set before {@link #invoke} and cleared after it; one instance per calling
     * thread.
     */
    abstract static class Job {
        private final AtomicInteger remaining = new AtomicInteger();
        private final Part[] parts;
        private final Helper[] claimed;
        private volatile Thread caller;
        /** Set by the caller just before it parks; read by the last part to finish. */
        private volatile boolean parked;
        private volatile Throwable failure;
        /** How many parts this call was cut into; set by {@link #invoke}. */
        int partCount;

        Job() {
            parts = new Part[HELPERS.length];
            claimed = new Helper[HELPERS.length];
            for (int i = 0; i < parts.length; i++) {
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
            for (int i = 0; i < HELPERS.length && helpers < wanted - 1; i++) {
                if (HELPERS[i].claim()) {
                    claimed[helpers++] = HELPERS[i];
                }
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
            try {
                for (int i = 0; i < helpers; i++) {
                    claimed[i].hand(parts[i]);
                    claimed[i] = null;
                }
                run(0, count);
            } finally {
                awaitParts();
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

        private void awaitParts() {
            long start = System.nanoTime();
            while (remaining.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (remaining.get() != 0) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }

        private void finished(Throwable thrown) {
            if (thrown != null) {
                failure = thrown;
            }
            if (remaining.decrementAndGet() == 0 && parked) {
                LockSupport.unpark(caller);
            }
        }
    }

    private record Part(Job job, int index) {
        /** Runs this part; returns what it threw, or null. */
        Throwable run() {
            try {
                job.run(index, job.partCount);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }
    }

    /** One helper thread and its slot for the next part. */
    private static final class Helper implements Runnable {
        /** Held by the call this helper works for, from its claim until its part is done. */
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile Part next;
        /** Set by the helper just before it parks; read by {@link #hand} after filling the slot. */
        private volatile boolean parked;
        private Thread thread;

        boolean claim() {
            return !busy.get() && busy.compareAndSet(false, true);
        }

        void hand(Part part) {
            next = part;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (true) {
                Part part = awaitPart();
                next = null;
                Throwable thrown = part.run();
                // Free before reporting the part done, so that the caller's next call finds this helper free.
                busy.set(false);
                part.job().finished(thrown);
            }
        }

        private Part awaitPart() {
            long start = System.nanoTime();
            while (true) {
                Part part = next;
                if (part != null) {
                    return part;
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
