package dev.lanes.kernels.vector;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's guarantees: every part runs exactly once, helpers are reused, failures reach the caller. */
class WorkerPoolTest {

    /** Counts how often each part of the current call ran; fails the part {@code failing} if it is ≥ 0. */
    private static final class CountingJob extends WorkerPool.Job {
        final int[] runs = new int[WorkerPool.helpers() + 1];
        volatile int failing = -1;

        @Override
        protected void run(int part, int parts) {
            runs[part]++;
            if (part == failing) {
                throw new IllegalArgumentException("part " + part);
            }
        }

        void invokeAndCheck(int wanted) {
            java.util.Arrays.fill(runs, 0);
            invoke(wanted);
            assertTrue(partCount >= 1 && partCount <= Math.min(wanted, runs.length), "parts " + partCount);
            for (int part = 0; part < runs.length; part++) {
                assertEquals(part < partCount ? 1 : 0, runs[part], "runs of part " + part);
            }
        }
    }

    @Test
    void aLoneCallerGetsEveryHelperEveryTime() {
        CountingJob job = new CountingJob();
        int all = WorkerPool.helpers() + 1;
        for (int call = 0; call < 10_000; call++) {
            job.invokeAndCheck(all);
            assertEquals(all, job.partCount);  // the cut does not depend on which helpers were free
        }
        job.invokeAndCheck(1);
        assertEquals(1, job.partCount);
    }

    @Test
    void aHelpersFailureIsRethrownAndThePoolStillWorks() {
        CountingJob job = new CountingJob();
        int all = WorkerPool.helpers() + 1;
        for (int call = 0; call < 100; call++) {
            job.failing = all - 1;            // a helper's part, or the caller's own on one processor
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> job.invoke(all));
            assertEquals("part " + (all - 1), thrown.getMessage());
            job.failing = -1;
            job.invokeAndCheck(all);
            assertEquals(all, job.partCount);
        }
    }

    @Test
    void manyCallersAtOnceEachRunEveryPartOnce() throws InterruptedException {
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            threads[t] = new Thread(() -> {
                CountingJob job = new CountingJob();
                try {
                    start.await();
                    for (int call = 0; call < 20_000; call++) {
                        job.invokeAndCheck(WorkerPool.helpers() + 1);
                    }
                } catch (Throwable t1) {
                    failure.compareAndSet(null, t1);
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertSame(null, failure.get());
    }
}
