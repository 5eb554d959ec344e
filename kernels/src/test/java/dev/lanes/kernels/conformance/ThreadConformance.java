package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.DynamicNode;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * "One provider gives the same bits for the same inputs whatever its thread count": for every provider, the
 * results with 2 and 3 threads are compared bit for bit with 1 thread, on GEMMs large enough to be split (the
 * four transpose cases over the two precisions, with the fused epilogue) and on the row-wise and reduction operations at sizes a provider
 * might split.
 */
final class ThreadConformance {

    private final List<Kernels> providers;

    /** The checks, run on {@code providers}. */
    ThreadConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    /** Every check of this part of the suite, each a container named after it. */
    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("gemmIsBitIdenticalWhateverTheThreadCount", gemmIsBitIdenticalWhateverTheThreadCount()),
                dynamicContainer("otherOperationsAreBitIdenticalWhateverTheThreadCount", otherOperationsAreBitIdenticalWhateverTheThreadCount()),
                dynamicContainer("optimizerUpdatesAreBitIdenticalWhateverTheThreadCount", optimizerUpdatesAreBitIdenticalWhateverTheThreadCount()),
                dynamicContainer("concurrentCallersOnOneInstanceGetTheSameBits", concurrentCallersOnOneInstanceGetTheSameBits()),
                dynamicTest("withThreadsReportsTheCountAndRejectsLessThanOne", this::withThreadsReportsTheCountAndRejectsLessThanOne));
    }

    private static final int[] THREAD_COUNTS = {2, 3};

    Stream<DynamicTest> gemmIsBitIdenticalWhateverTheThreadCount() {
        return providers.stream().flatMap(provider -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(provider.providerName() + ", " + p, () -> {
                    int index = 0;
                    // Two of the four transpose cases per precision, all four over both (the cost is the point:
                    // a 200×300×150 product is 9M multiply-adds, 3 times per case).
                    for (Transpose ta : Transpose.values()) {
                        for (Transpose tb : Transpose.values()) {
                            if ((ta == tb) != (p == Precision.FLOAT)) {
                                continue;
                            }
                            long seed = TestSeeds.of("threads gemm", index++);
                            GemmConformance.GemmCase g = GemmConformance.randomCase(seed, 200, 300, 150, ta, tb,
                                    0.75, index % 2 == 0 ? 0 : 0.5, true, index % 3 == 0 ? Activation.RELU : Activation.IDENTITY,
                                    GemmConformance.Poison.NONE);
                            GemmConformance.GemmData input = GemmConformance.GemmData.of(g, p);
                            GemmConformance.GemmData one = input.copy();
                            GemmConformance.run(provider.withThreads(1), g, one);
                            for (int threads : THREAD_COUNTS) {
                                GemmConformance.GemmData many = input.copy();
                                GemmConformance.run(provider.withThreads(threads), g, many);
                                int at = Precision.firstDifference(one.c(), many.c());
                                if (at >= 0) {
                                    fail("provider '" + provider.providerName() + "' with " + threads + " threads differs from 1 thread at c["
                                            + at + "]: " + Precision.values(many.c())[at] + " vs " + Precision.values(one.c())[at] + " in " + g + " " + p);
                                }
                            }
                        }
                    }
                })));
    }

    /** The other operations, on sizes a provider may split over threads. */
    Stream<DynamicTest> otherOperationsAreBitIdenticalWhateverTheThreadCount() {
        return providers.stream().flatMap(provider -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(provider.providerName() + ", " + p, () -> {
                    long seed = TestSeeds.of("threads ops", p.ordinal());
                    SplittableRandom r = TestSeeds.random(seed);
                    int rows = 256, cols = 150, n = rows * cols;
                    double[] x = p.round(OpsConformance.logits(r, rows, cols));
                    double[] y = p.round(Shapes.uniform(r, n, -1, 1));
                    int[] labels = r.ints(rows, 0, cols).toArray();
                    List<Object> single = outputs(provider.withThreads(1), p, rows, cols, x, y, labels);
                    for (int threads : THREAD_COUNTS) {
                        List<Object> many = outputs(provider.withThreads(threads), p, rows, cols, x, y, labels);
                        for (int o = 0; o < single.size(); o++) {
                            int at = Precision.firstDifference(single.get(o), many.get(o));
                            assertEquals(-1, at, "provider '" + provider.providerName() + "', output " + o + " with " + threads
                                    + " threads differs from 1 thread at " + at + " (" + rows + "x" + cols + ", " + p
                                    + ", seed " + TestSeeds.hex(seed) + ")");
                        }
                    }
                })));
    }

    /**
     * The optimisers' updates (and axpy, plain SGD's) on a parameter large enough to be cut into three parts and
     * more (the vector provider cuts at 32 Ki elements a part), with a tail that is not a whole vector: parameter and state after one update
     * of each kind, with 2 and 3 threads against 1.
     */
    Stream<DynamicTest> optimizerUpdatesAreBitIdenticalWhateverTheThreadCount() {
        return providers.stream().flatMap(provider -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(provider.providerName() + ", " + p, () -> {
                    long seed = TestSeeds.of("threads updates", p.ordinal());
                    SplittableRandom r = TestSeeds.random(seed);
                    int n = 3 * 32 * 1024 + 77;
                    double[] param = p.round(Shapes.uniform(r, n, -1, 1)), grad = p.round(Shapes.uniform(r, n, -1, 1));
                    // Second moments above the squared first ones, so that centred RMSprop takes no square root of a
                    // negative number (a NaN would still compare, but prove less).
                    double[] first = p.round(Shapes.uniform(r, n, -0.05, 0.05)), second = p.round(Shapes.uniform(r, n, 0.01, 0.02));
                    List<Object> single = updates(provider.withThreads(1), p, n, param, grad, first, second);
                    for (int threads : THREAD_COUNTS) {
                        List<Object> many = updates(provider.withThreads(threads), p, n, param, grad, first, second);
                        for (int o = 0; o < single.size(); o++) {
                            int at = Precision.firstDifference(single.get(o), many.get(o));
                            assertEquals(-1, at, "provider '" + provider.providerName() + "', update output " + o + " with "
                                    + threads + " threads differs from 1 thread at " + at + " (n = " + n + ", " + p
                                    + ", seed " + TestSeeds.hex(seed) + ")");
                        }
                    }
                })));
    }

    /**
     * Parameter and state after AdamW, SGD with Nesterov momentum, centred RMSprop with momentum, Adagrad, and plain
     * SGD (axpy).
     */
    private static List<Object> updates(Kernels k, Precision p, int n, double[] param, double[] grad, double[] first,
                                        double[] second) {
        Object adamParam = p.array(param), m = p.array(first), v = p.array(second);
        Calls.adamwStep(k, n, adamParam, p.array(grad), m, v, 1e-3, 0.9, 0.999, 1e-8, 0.01, 3);
        Object sgdParam = p.array(param), buffer = p.array(first);
        Calls.sgdMomentumStep(k, n, sgdParam, p.array(grad), buffer, 0.05, 0.9, true);
        Object rmsParam = p.array(param), squareAvg = p.array(second), gradAvg = p.array(first), rmsBuffer = p.array(first);
        Calls.rmspropStep(k, n, rmsParam, p.array(grad), squareAvg, gradAvg, rmsBuffer, 0.01, 0.99, 1e-8, 0.5);
        Object adagradParam = p.array(param), sum = p.array(second);
        Calls.adagradStep(k, n, adagradParam, p.array(grad), sum, 0.01, 1e-10);
        Object plainSgdParam = p.array(param);
        Calls.axpy(k, n, -0.05, p.array(grad), plainSgdParam);
        return List.of(adamParam, m, v, sgdParam, buffer, rmsParam, squareAvg, gradAvg, rmsBuffer, adagradParam, sum,
                plainSgdParam);
    }

    private static List<Object> outputs(Kernels k, Precision p, int rows, int cols, double[] x, double[] y, int[] labels) {
        int n = rows * cols;
        Object softmax = p.array(new double[n]), logSoftmax = p.array(new double[n]), gradient = p.array(new double[n]);
        Object sums = p.array(new double[cols]), sigmoid = p.array(new double[n]), axpy = p.array(y);
        Calls.softmax(k, rows, cols, p.array(x), softmax);
        Calls.logSoftmax(k, rows, cols, p.array(x), logSoftmax);
        double loss = Calls.softmaxCrossEntropy(k, rows, cols, p.array(x), labels, gradient);
        Calls.columnSums(k, rows, cols, p.array(x), 0.0, sums);
        double squares = Calls.sumOfSquares(k, n, p.array(x));
        double half = Calls.halfSquaredError(k, n, p.array(x), p.array(y), null);
        Calls.sigmoid(k, n, p.array(x), sigmoid);
        Calls.axpy(k, n, 0.25, p.array(x), axpy);
        return List.of(softmax, logSoftmax, gradient, sums, sigmoid, axpy, new double[] {loss, squares, half});
    }

    /**
     * "Instances are immutable and safe to share between threads": several application threads calling GEMM
     * on one shared instance at once (each call itself split over threads) get exactly the bits of the same
     * calls made one at a time. Catches packing buffers or pool state shared between concurrent calls.
     */
    Stream<DynamicTest> concurrentCallersOnOneInstanceGetTheSameBits() {
        return providers.stream().map(provider -> DynamicTest.dynamicTest(provider.providerName(), () -> {
            Kernels shared = provider.withThreads(2);
            int callers = 4, rounds = 6;
            List<GemmConformance.GemmCase> cases = new java.util.ArrayList<>();
            List<GemmConformance.GemmData> inputs = new java.util.ArrayList<>(), expected = new java.util.ArrayList<>();
            for (int t = 0; t < callers; t++) {
                long seed = TestSeeds.of("concurrent gemm", t);
                GemmConformance.GemmCase g = GemmConformance.randomCase(seed, 97 + 13 * t, 120 - 7 * t, 90 + 11 * t,
                        Transpose.values()[t % 2], Transpose.values()[(t / 2) % 2], 1, t % 2 == 0 ? 0 : 1, t % 2 == 1,
                        Activation.IDENTITY, GemmConformance.Poison.NONE);
                Precision p = Precision.values()[t % 2];
                GemmConformance.GemmData input = GemmConformance.GemmData.of(g, p);
                GemmConformance.GemmData alone = input.copy();
                GemmConformance.run(shared, g, alone);
                cases.add(g);
                inputs.add(input);
                expected.add(alone);
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
            try {
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(callers);
                List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
                for (int t = 0; t < callers; t++) {
                    int caller = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        for (int round = 0; round < rounds; round++) {
                            GemmConformance.GemmData out = inputs.get(caller).copy();
                            GemmConformance.run(shared, cases.get(caller), out);
                            int at = Precision.firstDifference(expected.get(caller).c(), out.c());
                            if (at >= 0) {
                                return "caller " + caller + ", round " + round + ": c[" + at + "] differs from the same call made alone in "
                                        + cases.get(caller);
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<String> result : results) {
                    String problem = result.get(2, java.util.concurrent.TimeUnit.MINUTES);
                    if (problem != null) {
                        fail("provider '" + provider.providerName() + "': " + problem);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }));
    }

    void withThreadsReportsTheCountAndRejectsLessThanOne() {
        for (Kernels provider : providers) {
            assertEquals(3, provider.withThreads(3).threads());
            assertEquals(provider.providerName(), provider.withThreads(3).providerName());
            for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.withThreads(bad));
                assertTrue(e.getMessage().contains("threads") && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            }
        }
    }
}
