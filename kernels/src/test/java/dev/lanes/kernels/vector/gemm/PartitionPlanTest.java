package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The work split of {@code kernels/PARALLELISM.md}, checked on the GEMMs of a training step of the nets the
 * benchmarks train, for thread budgets up to 64 — a machine this test does not run on: {@link Plan}'s cut is
 * computed for each budget and its parts run one after the other on this thread, so a 64-thread partition is
 * exercised exactly as 64 threads would run it, only not at the same time.
 */
class PartitionPlanTest {

    private static final Transpose N = Transpose.NONE, T = Transpose.TRANSPOSE;
    private static final int[] BUDGETS = {1, 2, 8, 16, 64};
    /** The budget above which no shape here is cut further: ≥ the most parts any of them can take. */
    private static final int UNBOUNDED = 1 << 20;

    /** One GEMM of a training step: which layer and which of its three products. */
    record Gemm(String net, int batch, int layer, String role, Transpose transA, Transpose transB, int m, int n, int k) {
        long flops() {
            return 2L * m * n * k;
        }

        Plan.Path path() {
            return Plan.path(m, n, k, transB, FloatStripTranspose.TWO_VECTOR_SHUFFLES);
        }

        @Override
        public String toString() {
            return net + " b" + batch + " L" + layer + " " + role + " " + (transA == T ? "T" : "N")
                    + (transB == T ? "T" : "N") + ":" + m + "x" + n + "x" + k;
        }
    }

    /**
     * Every GEMM of a step of the nets at batch 64 and 1024, as {@code nn.Linear} calls them (weight stored
     * out × in): forward y = x·Wᵀ, weight gradient dW = dyᵀ·x, input gradient dx = dy·W (the first layer's dx
     * is listed too although the trainer skips it: it is the largest product a deeper net has in its place).
     */
    static List<Gemm> stepGemms() {
        List<Gemm> gemms = new ArrayList<>();
        for (String net : new String[]{"784-256-10", "784-100-200-10", "784-512-128-10"}) {
            String[] w = net.split("-");
            for (int batch : new int[]{64, 1024}) {
                for (int layer = 0; layer + 1 < w.length; layer++) {
                    int in = Integer.parseInt(w[layer]), out = Integer.parseInt(w[layer + 1]);
                    gemms.add(new Gemm(net, batch, layer + 1, "forward", N, T, batch, out, in));
                    gemms.add(new Gemm(net, batch, layer + 1, "dW", T, N, out, in, batch));
                    gemms.add(new Gemm(net, batch, layer + 1, "dX", N, N, batch, in, out));
                }
            }
        }
        return gemms;
    }

    /** The block sizes of this JVM and of the other register files the plan covers (AVX2: 8 lanes, 16 registers). */
    private static final BlockSizes[] SIZES = {BlockSizes.FLOAT, BlockSizes.forVectors(8, 256, false)};

    /** A part: [from, to) along the cut extent. */
    private record Cut(boolean byColumns, int unit, int[] starts) {
        int parts() {
            return starts.length - 1;
        }
    }

    private static Cut cut(Gemm g, BlockSizes sizes, int budget) {
        Plan.Path path = g.path();
        int parts = Plan.parts(path, g.m(), g.n(), g.k(), sizes, budget);
        boolean byColumns = Plan.byColumns(path, g.m(), g.n(), g.k(), sizes, parts);
        int unit = Plan.unit(path, sizes, byColumns);
        int units = Plan.units(path, g.m(), g.n(), sizes, byColumns);
        int extent = byColumns ? g.n() : g.m();
        int[] starts = new int[parts + 1];
        for (int p = 0; p <= parts; p++) {
            starts[p] = Plan.start(p, parts, units, unit, extent);
        }
        return new Cut(byColumns, unit, starts);
    }

    @ParameterizedTest
    @MethodSource("stepGemms")
    void partsCoverCExactlyOnceInWholeUnits(Gemm g) {
        for (BlockSizes sizes : SIZES) {
            for (int budget : BUDGETS) {
                Cut cut = cut(g, sizes, budget);
                int extent = cut.byColumns() ? g.n() : g.m();
                String where = g + ", " + sizes.nr() + "-wide tiles, budget " + budget;
                assertTrue(cut.parts() >= 1 && cut.parts() <= budget, where + ": " + cut.parts() + " parts");
                assertEquals(0, cut.starts()[0], where);
                assertEquals(extent, cut.starts()[cut.parts()], where);
                for (int p = 0; p < cut.parts(); p++) {
                    int from = cut.starts()[p], to = cut.starts()[p + 1];
                    assertTrue(from < to, where + ": part " + p + " is empty");    // disjoint, in order, none idle
                    assertEquals(0, from % cut.unit(), where + ": part " + p + " starts inside a unit");
                }
            }
        }
    }

    /**
     * Parts average the minimum task ({@link BlockSizes#MIN_FLOPS_PER_TASK}) and none falls below half of it
     * ({@link Plan#MIN_FLOPS_PER_PART}).
     */
    @ParameterizedTest
    @MethodSource("stepGemms")
    void noPartBelowTheMinimumWork(Gemm g) {
        for (BlockSizes sizes : SIZES) {
            for (int budget : BUDGETS) {
                Cut cut = cut(g, sizes, budget);
                if (cut.parts() == 1) {
                    continue;
                }
                assertTrue(g.flops() / cut.parts() >= BlockSizes.MIN_FLOPS_PER_TASK, g + ", budget " + budget);
                for (int p = 0; p < cut.parts(); p++) {
                    int width = cut.starts()[p + 1] - cut.starts()[p];
                    long flops = 2L * width * (cut.byColumns() ? g.m() : g.n()) * g.k();
                    assertTrue(flops >= Plan.MIN_FLOPS_PER_PART, g + ", budget " + budget + ": part " + p
                            + " has " + flops + " flops");
                }
            }
        }
    }

    /**
     * The cases the smallest-part rule decides, pinned (512-bit vectors: 6 × 64 tiles). 64×100×784 in two by
     * columns is 64 + 36 columns, 3.6 Mflop in the second part: above half the minimum task, so it stays cut by
     * columns (by rows each thread would pack all of B; measured slower). 1024×200×100 in four by columns would
     * leave the last part 8 columns (1.6 Mflop): it is cut by rows. 64×256×784 (25.7 Mflop, 4 column tiles,
     * 11 row tiles) takes 4 parts by columns, 6 by rows (6 to 12 rows) from a budget of 6 up.
     */
    @Test
    void theSmallestPartPicksTheCut() {
        BlockSizes sizes = BlockSizes.forVectors(16, 512, true);
        assertArrayEquals(new int[]{0, 64, 100}, cut(new Gemm("784-100-200-10", 64, 1, "forward", N, T, 64, 100, 784), sizes, 2).starts());
        assertEquals(true, Plan.byColumns(Plan.Path.BLOCKED, 64, 100, 784, sizes, 2));
        assertEquals(false, Plan.byColumns(Plan.Path.BLOCKED, 1024, 200, 100, sizes, 4));
        assertEquals(4, Plan.parts(Plan.Path.BLOCKED, 1024, 200, 100, sizes, 4));
        assertEquals(false, Plan.byColumns(Plan.Path.BLOCKED, 1024, 65, 784, sizes, 2));
        assertEquals(4, Plan.parts(Plan.Path.BLOCKED, 64, 256, 784, sizes, 4));
        assertEquals(true, Plan.byColumns(Plan.Path.BLOCKED, 64, 256, 784, sizes, 4));
        Gemm issue16Forward = new Gemm("784-256-10", 64, 1, "forward", N, T, 64, 256, 784);
        for (int budget : new int[]{6, 8, 64}) {
            assertArrayEquals(new int[]{0, 6, 18, 30, 42, 54, 64}, cut(issue16Forward, sizes, budget).starts());
        }
    }

    /** Parts differ by at most one unit: the slowest part, which the step waits for, is as short as it can be. */
    @ParameterizedTest
    @MethodSource("stepGemms")
    void balancedWithinOneUnit(Gemm g) {
        for (BlockSizes sizes : SIZES) {
            for (int budget : BUDGETS) {
                Cut cut = cut(g, sizes, budget);
                int least = Integer.MAX_VALUE, most = 0;
                for (int p = 0; p < cut.parts(); p++) {
                    // Units a part holds, the edge's partial unit counted whole (it costs a whole tile's time).
                    int units = (cut.starts()[p + 1] - cut.starts()[p] + cut.unit() - 1) / cut.unit();
                    least = Math.min(least, units);
                    most = Math.max(most, units);
                }
                assertTrue(most - least <= 1, g + ", budget " + budget + ": parts of " + least + " to " + most + " units");
            }
        }
    }

    /**
     * Once the budget reaches the part count the shape allows, more threads change nothing: the same cut, so the
     * same rectangles on the same code. (Bits do not depend on the cut at all — see the next test — but a stable
     * cut also means a step's time on 64 cores is its time on as many cores as its largest GEMM can use.)
     */
    @ParameterizedTest
    @MethodSource("stepGemms")
    void theSameCutForEveryBudgetAboveThePartCount(Gemm g) {
        for (BlockSizes sizes : SIZES) {
            Cut most = cut(g, sizes, UNBOUNDED);
            for (int budget = most.parts(); budget <= 64; budget++) {
                Cut cut = cut(g, sizes, budget);
                assertEquals(most.byColumns(), cut.byColumns(), g + ", budget " + budget);
                assertArrayEquals(most.starts(), cut.starts(), g + ", budget " + budget);
            }
        }
    }

    /** Shapes small enough to run every partition in a unit test, one of each path and cut direction. */
    static List<Gemm> bitCheckedGemms() {
        List<Gemm> picked = new ArrayList<>();
        for (Gemm g : stepGemms()) {
            String key = g.toString();
            if (key.startsWith("784-256-10 b64 L1")                      // forward and dW split: the step of issue 16
                    || key.equals("784-256-10 b64 L2 forward NT:64x10x256")       // dot path
                    || key.startsWith("784-100-200-10 b1024 L2")                  // widths off the 64-column tile
                    || key.equals("784-512-128-10 b1024 L2 forward NT:1024x128x512")) {
                picked.add(g);
            }
        }
        return picked;
    }

    /**
     * The vector GEMM gives the same bits cut for 1, 2, 8, 16 and 64 threads: every partition run part by part
     * here, and the real pool (as many threads as this machine has) on top.
     */
    @ParameterizedTest
    @MethodSource("bitCheckedGemms")
    void sameBitsForEveryBudget(Gemm g) {
        SplittableRandom random = new SplittableRandom(g.toString().hashCode());
        int lda = g.transA() == N ? g.k() : g.m(), ldb = g.transB() == N ? g.n() : g.k();
        float[] a = random(random, g.m() * g.k()), b = random(random, g.k() * g.n()), bias = random(random, g.n());
        float[] start = random(random, g.m() * g.n());
        // The forward fuses bias and ReLU as Linear + ReLU does; the gradients accumulate (beta 1) as a second
        // micro-batch would.
        boolean forward = g.role().equals("forward");
        float beta = forward ? 0f : 1f;
        float[] biasOrNull = forward ? bias : null;
        Activation act = forward ? Activation.RELU : Activation.IDENTITY;

        float[] one = start.clone();
        new VectorGemm(1).gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, a, 0, lda, b, 0, ldb, beta, one, 0,
                g.n(), biasOrNull, act);
        float[] pooled = start.clone();
        new VectorGemm(64).gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, a, 0, lda, b, 0, ldb, beta, pooled, 0,
                g.n(), biasOrNull, act);
        assertArrayEquals(one, pooled, g + ": the pool");
        for (int budget : BUDGETS) {
            int parts = Plan.parts(g.path(), g.m(), g.n(), g.k(), BlockSizes.FLOAT, budget);
            float[] c = start.clone();
            FloatJob job = new FloatJob();
            job.set(g.path(), parts, g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, a, 0, lda, b, 0, ldb, beta, c, 0,
                    g.n(), biasOrNull, act);
            for (int part = 0; part < parts; part++) {
                job.run(part, parts);
            }
            assertArrayEquals(one, c, g + ": budget " + budget + " (" + parts + " parts)");
        }
    }

    private static float[] random(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * The swap of a product (rule 7) weighs the largest part of each way, so the thread budget can change it:
     * two threads cut 64×128×512 into two 64-column parts, each packing half the weights, where swapped each part
     * would pack the whole batch and the transposed store would follow on one thread. With 512-bit tiles.
     */
    @Test
    void theSwapWeighsTheLargestPart() {
        BlockSizes avx512 = BlockSizes.forVectors(16, 512, true);
        assertTrue(Plan.swapsOperands(64, 128, 512, N, T, avx512, 1));
        assertEquals(false, Plan.swapsOperands(64, 128, 512, N, T, avx512, 2));
        for (int budget : BUDGETS) {
            int threads = budget;
            assertTrue(Plan.swapsOperands(64, 256, 784, N, T, avx512, threads), () -> threads + " threads");
        }
    }
}
