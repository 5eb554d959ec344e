package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedMatrix;
import dev.lanes.kernels.Transpose;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.DynamicNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every provider's GEMM against the scalar reference, in float and double, on random seeded cases: all four
 * transpose cases, offsets, leading dimensions larger than a row, alpha and beta in {0, 1, other}, the fused
 * bias and ReLU, NaN where the contract says it is not read, degenerate and thin shapes, and a few ~300-sized
 * products.
 *
 * <h2>Tolerance</h2>
 * Write Mᵢⱼ = |alpha|·(|op(A)|·|op(B)|)ᵢⱼ + |beta·Cᵢⱼ| + |biasⱼ| (computed from the inputs in double). The
 * reference computes each product (1 rounding), sums the k of them in order (k − 1 roundings), multiplies by
 * alpha (1), adds beta·C (2: multiply and add) and the bias (1): the A·B term passes through at most k + 3
 * roundings, the others through fewer, so |c_ref − c_exact| ≤ γ_{k+3}·Mᵢⱼ with γₙ = n·u/(1 − n·u)
 * ({@link Precision#gamma}). A fast path fusing multiply-adds has fewer roundings in every chain; one summing in
 * another order (lanes, blocks of KC, a split over threads) still sums k products, and any order of a k-term
 * recursive sum has the same γ bound (Higham, §4.2); applying alpha while packing is still one rounding. So
 * the fast path has the same bound, and by the triangle inequality
 * <pre>  |c − c_ref| ≤ 2·γ_{k+3}·Mᵢⱼ.</pre>
 * ReLU is 1-Lipschitz, so it keeps the bound. Data is uniform in [−1, 1], far from underflow, so no absolute
 * term is needed. (The first sketch said (k+2)·u; counting the roundings of the reference as above
 * gives k + 3, which is what is used.) For float the reference is also checked against the exact result
 * (computed in double, whose own error γ_{k+3}·2⁻⁵³·M is added), which shows the bound itself holds.
 */
final class GemmConformance {

    private final List<Kernels> providers;

    /** The checks, run on {@code providers}. */
    GemmConformance(List<Kernels> providers) {
        this.providers = providers;
    }

    /** Every check of this part of the suite, each a container named after it. */
    Stream<DynamicNode> tests() {
        return Stream.of(
                dynamicContainer("everyProviderAgreesWithScalar", everyProviderAgreesWithScalar()),
                dynamicContainer("operandsSharingOneArrayWithoutOverlap", operandsSharingOneArrayWithoutOverlap()),
                dynamicTest("toleranceCatchesAnErrorOfOneProductTerm", this::toleranceCatchesAnErrorOfOneProductTerm),
                dynamicContainer("geluEpilogueIsTheGeluKernel", geluEpilogueIsTheGeluKernel()));
    }

    /**
     * A GELU epilogue (either form) stores exactly what the GEMM followed by the GELU kernel of the same provider
     * gives, bit for bit, on the reference and every provider: the fused Linear→GELU of {@code nn} relies on it,
     * and the GELU kernels' own agreement with the reference is OpsConformance's. Shapes cover the small-GEMM
     * paths and the blocked one (k beyond a K block, n beyond the register tile), with a bias, beta and alpha ≠ 1,
     * and values out to ±20, where Φ saturates.
     */
    Stream<DynamicTest> geluEpilogueIsTheGeluKernel() {
        List<Kernels> all = new ArrayList<>(providers);
        all.add(Agreement.reference());
        int[][] shapes = {{1, 1, 1}, {3, 17, 5}, {9, 33, 70}, {64, 300, 40}, {130, 70, 600}};
        return Stream.of(Precision.values()).flatMap(p -> Stream.of(Activation.GELU, Activation.GELU_TANH).map(act ->
                dynamicTest(act + ", " + p, () -> {
                    for (Kernels k : all) {
                        for (int[] s : shapes) {
                            int m = s[0], n = s[1], kk = s[2];
                            long seed = TestSeeds.of("geluEpilogue", m * 1000 + n);
                            SplittableRandom r = TestSeeds.random(seed);
                            Object a = p.array(Shapes.uniform(r, m * kk, -1, 1)), b = p.array(Shapes.uniform(r, kk * n, -1, 1));
                            Object bias = p.array(Shapes.uniform(r, n, -2, 2)), c0 = p.array(Shapes.uniform(r, m * n, -20, 20));
                            Object fused = Precision.copy(c0), separate = Precision.copy(c0);
                            double alpha = 2.5 / Math.sqrt(kk);
                            Calls.gemm(k, Transpose.NONE, Transpose.NONE, m, n, kk, alpha, a, 0, kk, b, 0, n, 0.5, fused, 0, n, bias, act);
                            Calls.gemm(k, Transpose.NONE, Transpose.NONE, m, n, kk, alpha, a, 0, kk, b, 0, n, 0.5, separate, 0, n, bias,
                                    Activation.IDENTITY);
                            if (act == Activation.GELU) {
                                Calls.gelu(k, m * n, separate, separate);
                            } else {
                                Calls.geluTanh(k, m * n, separate, separate);
                            }
                            // The same product into a strided C (offset 2, 3 elements between rows): the same values,
                            // which for a provider that does not fuse GELU takes Kernels' row-by-row path.
                            int ldc = n + 3;
                            double[] c0Values = Precision.values(c0), stridedValues = new double[2 + m * ldc];
                            for (int i = 0; i < m; i++) {
                                System.arraycopy(c0Values, i * n, stridedValues, 2 + i * ldc, n);
                            }
                            Object strided = p.array(stridedValues);
                            Calls.gemm(k, Transpose.NONE, Transpose.NONE, m, n, kk, alpha, a, 0, kk, b, 0, n, 0.5, strided, 2, ldc, bias, act);
                            double[] fusedValues = Precision.values(fused), stridedOut = Precision.values(strided);
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    if (Double.doubleToRawLongBits(fusedValues[i * n + j]) != Double.doubleToRawLongBits(stridedOut[2 + i * ldc + j])) {
                                        fail("provider '" + k.providerName() + "': " + act + " epilogue into a strided C differs at ["
                                                + i + "][" + j + "] (" + m + "x" + n + "x" + kk + ", " + p + ")");
                                    }
                                }
                            }
                            int at = Precision.firstDifference(fused, separate);
                            if (at >= 0) {
                                fail("provider '" + k.providerName() + "': " + act + " epilogue differs from GEMM + kernel at "
                                        + at + " (" + m + "x" + n + "x" + kk + ", " + p + ", seed " + TestSeeds.hex(seed) + "): fused "
                                        + Precision.describe(Precision.values(fused), at) + ", separate "
                                        + Precision.describe(Precision.values(separate), at));
                            }
                        }
                    }
                })));
    }

    /** NaN placed where the contract says the kernel must not read. */
    enum Poison { NONE, NAN_IN_C, NAN_IN_A_AND_B }

    /** One GEMM: its shape and scalars; its data derives from {@code seed}. Printed in every failure. */
    record GemmCase(Transpose transA, Transpose transB, int m, int n, int k, double alpha, double beta,
                    int aOffset, int bOffset, int cOffset, int ldaExtra, int ldbExtra, int ldcExtra,
                    boolean bias, Activation activation, Poison poison, long seed) {

        int aRows() { return transA == Transpose.NONE ? m : k; }
        int aCols() { return transA == Transpose.NONE ? k : m; }
        int bRows() { return transB == Transpose.NONE ? k : n; }
        int bCols() { return transB == Transpose.NONE ? n : k; }
        int lda() { return Math.max(1, aCols()) + ldaExtra; }
        int ldb() { return Math.max(1, bCols()) + ldbExtra; }
        int ldc() { return Math.max(1, n) + ldcExtra; }

        @Override
        public String toString() {
            return "GemmCase(" + transA + ", " + transB + ", m=" + m + ", n=" + n + ", k=" + k
                    + ", alpha=" + alpha + ", beta=" + beta + ", aOffset=" + aOffset + ", bOffset=" + bOffset
                    + ", cOffset=" + cOffset + ", lda=" + lda() + ", ldb=" + ldb() + ", ldc=" + ldc()
                    + ", bias=" + bias + ", " + activation + ", " + poison + ", seed=" + TestSeeds.hex(seed) + ")";
        }
    }

    /** A case's inputs in one precision; every array is a fresh copy for each provider. */
    record GemmData(Object a, Object b, Object c, Object bias) {
        static GemmData of(GemmCase g, Precision p) {
            SplittableRandom random = TestSeeds.random(g.seed);
            double[] a = matrix(random, g.aOffset, g.aRows(), g.aCols(), g.lda());
            double[] b = matrix(random, g.bOffset, g.bRows(), g.bCols(), g.ldb());
            // C outside its m×n elements holds a sentinel pattern that must survive; inside, random values,
            // or NaN when beta is 0 and the contract says C is not read.
            double[] c = matrix(random, g.cOffset, g.m, g.n, g.ldc());
            if (g.poison == Poison.NAN_IN_C) {
                forEachElement(g.cOffset, g.m, g.n, g.ldc(), i -> c[i] = Double.NaN);
            }
            if (g.poison == Poison.NAN_IN_A_AND_B) {
                java.util.Arrays.fill(a, Double.NaN);
                java.util.Arrays.fill(b, Double.NaN);
            }
            double[] bias = g.bias ? Shapes.uniform(random, g.n + random.nextInt(3), -1, 1) : null;
            return new GemmData(p.array(a), p.array(b), p.array(c), bias == null ? null : p.array(bias));
        }

        GemmData copy() {
            return new GemmData(Precision.copy(a), Precision.copy(b), Precision.copy(c), bias == null ? null : Precision.copy(bias));
        }
    }

    /** A stored rows×cols matrix at offset with leading dimension ld, plus a little slack after it. */
    static double[] matrix(SplittableRandom random, int offset, int rows, int cols, int ld) {
        long end = rows == 0 || cols == 0 ? offset : offset + (long) (rows - 1) * ld + cols;  // one past the last element
        double[] x = new double[Math.toIntExact(end + random.nextInt(3))];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1000 + i; // sentinel: exactly representable in float, far from any product of [-1, 1] data
        }
        forEachElement(offset, rows, cols, ld, i -> x[i] = 2 * random.nextDouble() - 1);
        return x;
    }

    interface IndexAction { void at(int index); }

    static void forEachElement(int offset, int rows, int cols, int ld, IndexAction action) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                action.at(offset + i * ld + j);
            }
        }
    }

    static void run(Kernels kernels, GemmCase g, GemmData d) {
        if (d.a instanceof float[] a) {
            kernels.gemm(g.transA, g.transB, g.m, g.n, g.k, (float) g.alpha, a, g.aOffset, g.lda(),
                    (float[]) d.b, g.bOffset, g.ldb(), (float) g.beta, (float[]) d.c, g.cOffset, g.ldc(),
                    (float[]) d.bias, g.activation);
        } else {
            kernels.gemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, (double[]) d.a, g.aOffset, g.lda(),
                    (double[]) d.b, g.bOffset, g.ldb(), g.beta, (double[]) d.c, g.cOffset, g.ldc(),
                    (double[]) d.bias, g.activation);
        }
    }

    /**
     * {@link #run} with B packed first ({@link Kernels#pack}) and the packed GEMM: the same product, with the same
     * bound, for a provider that packs B its own way.
     */
    static void runPacked(Kernels kernels, GemmCase g, GemmData d) {
        if (d.a instanceof float[] a) {
            PackedMatrix b = kernels.pack(g.transB, g.k, g.n, (float[]) d.b, g.bOffset, g.ldb());
            kernels.gemm(g.transA, g.m, (float) g.alpha, a, g.aOffset, g.lda(), b, (float) g.beta, (float[]) d.c,
                    g.cOffset, g.ldc(), (float[]) d.bias, g.activation);
        } else {
            PackedMatrix b = kernels.pack(g.transB, g.k, g.n, (double[]) d.b, g.bOffset, g.ldb());
            kernels.gemm(g.transA, g.m, g.alpha, (double[]) d.a, g.aOffset, g.lda(), b, g.beta, (double[]) d.c,
                    g.cOffset, g.ldc(), (double[]) d.bias, g.activation);
        }
    }

    /**
     * Runs one case on the reference and every fast provider (as given, and with B packed first) and checks:
     * agreement within the bound above; no element of C outside its m×n written; A, B and the bias not modified; no NaN where inputs were not to be
     * read. Returns a description of the first failure, or null.
     */
    static String check(GemmCase g, Precision p, Kernels reference, List<Kernels> providers) {
        GemmData input = GemmData.of(g, p);
        GemmData ref = input.copy();
        run(reference, g, ref);
        double[] bound = magnitudes(g, input, p);
        double gamma = p.gamma(g.k + 3);
        double[] refC = Precision.values(ref.c);
        boolean[] inside = new boolean[refC.length];
        forEachElement(g.cOffset, g.m, g.n, g.ldc(), i -> inside[i] = true);
        if (p == Precision.FLOAT) {
            double[] exact = exact(g, input);
            double slack = Precision.DOUBLE.gamma(g.k + 3);
            for (int i = 0; i < refC.length; i++) {
                if (inside[i] && !(Math.abs(refC[i] - exact[i]) <= (gamma + slack) * bound[i])) {
                    return "scalar reference differs from the exact result by more than γ_{k+3}·M at index " + i
                            + ": " + refC[i] + " vs " + exact[i] + " (M = " + bound[i] + ") in " + g + " " + p;
                }
            }
        }
        String problem = contractViolations("scalar", g, input, ref);
        if (problem != null) {
            return problem;
        }
        for (Kernels provider : providers) {
            for (boolean packed : new boolean[]{false, true}) {
                GemmData out = input.copy();
                if (packed) {
                    runPacked(provider, g, out);
                } else {
                    run(provider, g, out);
                }
                String name = provider.providerName() + (packed ? " (B packed)" : "");
                problem = contractViolations(name, g, input, out);
                if (problem != null) {
                    return problem;
                }
                double[] c = Precision.values(out.c);
                for (int i = 0; i < c.length; i++) {
                    double tolerance = 2 * gamma * bound[i];
                    if (inside[i]) {
                        Agreement.record(refC[i], c[i], tolerance);
                    }
                    if (inside[i] && !(Math.abs(c[i] - refC[i]) <= tolerance)) {
                        return "provider '" + name + "' C[" + i + "] = " + c[i] + " but scalar gives "
                                + refC[i] + ", |difference| = " + Math.abs(c[i] - refC[i]) + " > 2·γ_{k+3}·M = "
                                + tolerance + " in " + g + " " + p;
                    }
                }
            }
        }
        return null;
    }

    private static String contractViolations(String name, GemmCase g, GemmData input, GemmData out) {
        if (!Precision.sameBits(input.a, out.a) || !Precision.sameBits(input.b, out.b)
                || (input.bias != null && !Precision.sameBits(input.bias, out.bias))) {
            return "provider '" + name + "' modified an input (A, B or bias) in " + g;
        }
        double[] before = Precision.values(input.c), after = Precision.values(out.c);
        boolean[] inside = new boolean[before.length];
        forEachElement(g.cOffset, g.m, g.n, g.ldc(), i -> inside[i] = true);
        for (int i = 0; i < before.length; i++) {
            if (!inside[i] && Double.doubleToRawLongBits(before[i]) != Double.doubleToRawLongBits(after[i])) {
                return "provider '" + name + "' wrote c[" + i + "], outside the m×n elements of C (" + before[i]
                        + " became " + after[i] + ") in " + g;
            }
            if (inside[i] && Double.isNaN(after[i])) {
                return "provider '" + name + "' produced NaN at c[" + i + "] from finite inputs"
                        + (g.poison == Poison.NONE ? "" : " (the NaN was in an operand the contract says is not read)")
                        + " in " + g;
            }
        }
        return null;
    }

    /** Mᵢⱼ = |alpha|·(|op(A)|·|op(B)|)ᵢⱼ + |beta·Cᵢⱼ| + |biasⱼ| at each index of C (0 elsewhere). */
    static double[] magnitudes(GemmCase g, GemmData d, Precision p) {
        return evaluate(g, d, true);
    }

    /** The result computed in double (exact to within γ_{k+3}·2⁻⁵³·M for float data). */
    static double[] exact(GemmCase g, GemmData d) {
        return evaluate(g, d, false);
    }

    private static double[] evaluate(GemmCase g, GemmData d, boolean absolute) {
        double[] a = Precision.values(d.a), b = Precision.values(d.b), c = Precision.values(d.c);
        double[] bias = d.bias == null ? null : Precision.values(d.bias);
        double[] out = new double[c.length];
        boolean readAB = g.alpha != 0 && g.k > 0;
        int lda = g.lda(), ldb = g.ldb(), ldc = g.ldc();
        // op(A)[i][p] = a[aOffset + i·aRow + p·aCol], op(B)[p][j] = b[bOffset + p·bRow + j·bCol]
        int aRow = g.transA == Transpose.NONE ? lda : 1, aCol = g.transA == Transpose.NONE ? 1 : lda;
        int bRow = g.transB == Transpose.NONE ? ldb : 1, bCol = g.transB == Transpose.NONE ? 1 : ldb;
        for (int i = 0; i < g.m; i++) {
            for (int j = 0; j < g.n; j++) {
                double sum = 0;
                if (readAB) {
                    int ai = g.aOffset + i * aRow, bj = g.bOffset + j * bCol;
                    for (int p = 0; p < g.k; p++) {
                        double x = a[ai + p * aCol], y = b[bj + p * bRow];
                        sum += absolute ? Math.abs(x * y) : x * y;
                    }
                }
                int ci = g.cOffset + i * ldc + j;
                double cTerm = g.beta == 0 ? 0 : g.beta * c[ci];
                double biasTerm = bias == null ? 0 : bias[j];
                if (absolute) {
                    out[ci] = Math.abs(g.alpha) * sum + Math.abs(cTerm) + Math.abs(biasTerm);
                } else {
                    double v = g.alpha * sum + cTerm + biasTerm;
                    out[ci] = g.activation == Activation.RELU ? Math.max(v, 0) : v;
                }
            }
        }
        return out;
    }

    // ============================================ case families ============================================

    private static final double[] ALPHAS = {0, 1, -0.75};
    private static final double[] BETAS = {0, 1, 0.5};

    static GemmCase randomCase(long seed, int m, int n, int k, Transpose ta, Transpose tb, double alpha,
                               double beta, boolean bias, Activation activation, Poison poison) {
        SplittableRandom r = TestSeeds.random(seed ^ 0x5DEECE66DL);
        boolean layoutTricks = r.nextInt(3) > 0;
        return new GemmCase(ta, tb, m, n, k, alpha, beta,
                layoutTricks ? r.nextInt(6) : 0, layoutTricks ? r.nextInt(6) : 0, layoutTricks ? r.nextInt(6) : 0,
                layoutTricks ? r.nextInt(4) : 0, layoutTricks ? r.nextInt(4) : 0, layoutTricks ? r.nextInt(4) : 0,
                bias, activation, poison, seed);
    }

    static GemmCase randomCase(String family, int index, int bound) {
        long seed = TestSeeds.of(family, index);
        SplittableRandom r = TestSeeds.random(seed);
        Transpose[] t = Transpose.values();
        double alpha = r.nextInt(4) == 0 ? ALPHAS[r.nextInt(3)] : 2 * r.nextDouble() - 1;
        double beta = BETAS[r.nextInt(3)];
        return randomCase(seed, Shapes.size(r, bound), Shapes.size(r, bound), Shapes.size(r, bound),
                t[r.nextInt(2)], t[r.nextInt(2)], alpha, beta, r.nextBoolean(),
                r.nextBoolean() ? Activation.IDENTITY : Activation.RELU, Poison.NONE);
    }

    /** Each family of cases, by name; each is checked in both precisions against every fast provider. */
    static List<GemmCase> family(String name) {
        List<GemmCase> cases = new ArrayList<>();
        int index = 0;
        switch (name) {
            case "every transpose × alpha × beta × bias × activation" -> {
                for (int repeat = 0; repeat < 3; repeat++) {
                    for (Transpose ta : Transpose.values()) {
                        for (Transpose tb : Transpose.values()) {
                            for (double alpha : ALPHAS) {
                                for (double beta : BETAS) {
                                    for (boolean bias : new boolean[] {false, true}) {
                                        for (Activation act : List.of(Activation.IDENTITY, Activation.RELU)) {
                                            long seed = TestSeeds.of(name, index++);
                                            SplittableRandom r = TestSeeds.random(seed);
                                            cases.add(randomCase(seed, Shapes.size(r, 70), Shapes.size(r, 70),
                                                    Shapes.size(r, 70), ta, tb, alpha, beta, bias, act, Poison.NONE));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            case "beta 0 with NaN in C" -> {
                for (; index < 80; index++) {
                    GemmCase g = randomCase(name, index, 60);
                    cases.add(randomCase(g.seed(), Math.max(1, g.m()), Math.max(1, g.n()), g.k(), g.transA(),
                            g.transB(), g.alpha(), 0, g.bias(), g.activation(), Poison.NAN_IN_C));
                }
            }
            case "alpha 0 or k 0 with NaN in A and B" -> {
                for (; index < 80; index++) {
                    GemmCase g = randomCase(name, index, 60);
                    boolean kZero = index % 2 == 0;
                    cases.add(randomCase(g.seed(), Math.max(1, g.m()), Math.max(1, g.n()), kZero ? 0 : Math.max(1, g.k()),
                            g.transA(), g.transB(), kZero ? g.alpha() : 0, g.beta(), g.bias(), g.activation(),
                            Poison.NAN_IN_A_AND_B));
                }
            }
            case "thin: m = 1, n = 1, n <= 16, k = 1" -> {
                for (int n = 1; n <= 16; n++) {
                    for (int repeat = 0; repeat < 8; repeat++) {
                        GemmCase g = randomCase(name, index++, 300);
                        cases.add(randomCase(g.seed(), g.m(), n, g.k(), g.transA(), g.transB(), g.alpha(), g.beta(),
                                g.bias(), g.activation(), Poison.NONE));
                    }
                }
                for (int repeat = 0; repeat < 120; repeat++) {
                    GemmCase g = randomCase(name, index++, 300);
                    int which = repeat % 3;
                    cases.add(randomCase(g.seed(), which == 0 ? 1 : g.m(), which == 1 ? 1 : g.n(),
                            which == 2 ? 1 : g.k(), g.transA(), g.transB(), g.alpha(), g.beta(), g.bias(),
                            g.activation(), Poison.NONE));
                }
            }
            case "random shapes below 80" -> {
                for (; index < 1500; index++) {
                    cases.add(randomCase(name, index, 80));
                }
            }
            case "large: dimensions around 300, k up to 2000" -> {
                int[][] shapes = {{300, 301, 299}, {257, 130, 311}, {129, 300, 257}, {64, 10, 784}, {3, 5, 2000}, {301, 1, 300}};
                for (int[] s : shapes) {
                    for (Transpose ta : Transpose.values()) {
                        GemmCase g = randomCase(name, index++, 10);
                        cases.add(randomCase(g.seed(), s[0], s[1], s[2], ta, Transpose.values()[index % 2],
                                g.alpha() == 0 ? 1 : g.alpha(), g.beta(), g.bias(), g.activation(), Poison.NONE));
                    }
                }
            }
            case "blocking boundaries: MR, NR, MC, NC, KC ± 1" -> {
                // One below, at and one above the blocked GEMM's register tile (6 rows × 4 vectors), its cache
                // blocks (MC = 96 rows, NC = 2048 columns, KC = 800) and two K blocks, in every transpose case,
                // with the widest vectors of this machine; other machines' blocks are multiples of smaller vectors.
                int nr = 4 * Math.max(Shapes.FLOAT_LANES, Shapes.DOUBLE_LANES);
                int[][] shapes = {{5, nr - 1, 799}, {6, nr, 800}, {7, nr + 1, 801}, {95, 2 * nr + 1, 17}, {96, 17, 100},
                        {97, nr + 3, 1601}, {7, 2049, 5}, {13, 2047, 3}, {193, 129, 1600}, {12, 18, 1}};
                for (int[] s : shapes) {
                    for (Transpose ta : Transpose.values()) {
                        for (Transpose tb : Transpose.values()) {
                            GemmCase g = randomCase(name, index++, 10);
                            cases.add(randomCase(g.seed(), s[0], s[1], s[2], ta, tb, g.alpha() == 0 ? -1.5 : g.alpha(),
                                    g.beta(), g.bias(), g.activation(), Poison.NONE));
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException(name);
        }
        return cases;
    }

    static final List<String> FAMILIES = List.of(
            "every transpose × alpha × beta × bias × activation",
            "beta 0 with NaN in C",
            "alpha 0 or k 0 with NaN in A and B",
            "thin: m = 1, n = 1, n <= 16, k = 1",
            "random shapes below 80",
            "large: dimensions around 300, k up to 2000",
            "blocking boundaries: MR, NR, MC, NC, KC ± 1");

    Stream<DynamicTest> everyProviderAgreesWithScalar() {
        Kernels reference = Agreement.reference();
        assertFalse(providers.isEmpty(), "no provider besides scalar to test (the test provider should be there)");
        return FAMILIES.stream().flatMap(family -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(family + ", " + p, () -> {
                    Agreement.resetWorst();
                    List<GemmCase> cases = family(family);
                    for (GemmCase g : cases) {
                        String problem = check(g, p, reference, providers);
                        if (problem != null) {
                            fail(problem);
                        }
                    }
                    System.out.println("gemm " + family + ", " + p + ": " + cases.size() + " cases × "
                            + providers.size() + " provider(s); " + Agreement.worst());
                })));
    }

    /**
     * A, B and C in one array at disjoint offsets, which the contract allows (only overlap is forbidden): the
     * result is the one computed from separate arrays, and the A and B regions are untouched.
     */
    Stream<DynamicTest> operandsSharingOneArrayWithoutOverlap() {
        Kernels reference = Agreement.reference();
        List<Kernels> all = providers;
        return Stream.of(Precision.values()).map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            for (int index = 0; index < 60; index++) {
                GemmCase g = randomCase("one array", index, 70);
                GemmData separate = GemmData.of(g, p);
                GemmData expected = separate.copy();
                run(reference, g, expected);
                double[] a = Precision.values(separate.a()), b = Precision.values(separate.b()), c = Precision.values(separate.c());
                // Order the regions C, A, B half of the time, A, B, C otherwise.
                boolean cFirst = index % 2 == 0;
                double[] joined = new double[a.length + b.length + c.length];
                int aAt = cFirst ? c.length : 0, bAt = aAt + a.length, cAt = cFirst ? 0 : a.length + b.length;
                System.arraycopy(a, 0, joined, aAt, a.length);
                System.arraycopy(b, 0, joined, bAt, b.length);
                System.arraycopy(c, 0, joined, cAt, c.length);
                GemmCase shifted = new GemmCase(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), g.beta(),
                        g.aOffset() + aAt, g.bOffset() + bAt, g.cOffset() + cAt, g.ldaExtra(), g.ldbExtra(), g.ldcExtra(),
                        g.bias(), g.activation(), g.poison(), g.seed());
                double gamma = p.gamma(g.k() + 3);
                double[] bound = magnitudes(g, separate, p);
                double[] refC = Precision.values(expected.c());
                for (Kernels k : all) {
                    Object shared = p.array(joined);
                    run(k, shifted, new GemmData(shared, shared, shared, separate.bias() == null ? null : Precision.copy(separate.bias())));
                    double[] after = Precision.values(shared);
                    for (int i = 0; i < c.length; i++) {
                        double got = after[cAt + i];
                        // Outside C's m×n elements the bound is 0: the sentinel must be intact.
                        assertTrue(Math.abs(got - refC[i]) <= 2 * gamma * bound[i],
                                () -> "provider '" + k.providerName() + "' with A, B, C in one array: C differs at " + cAt + " in " + shifted + " " + p);
                    }
                    for (int i = 0; i < a.length + b.length; i++) {
                        int at = (cFirst ? c.length : 0) + i;
                        assertTrue(Double.doubleToRawLongBits(after[at]) == Double.doubleToRawLongBits(joined[at]),
                                () -> "provider '" + k.providerName() + "' wrote into A or B at " + at + " in " + shifted + " " + p);
                    }
                }
            }
        }));
    }

    /** The bound is not vacuous: an error the size of one dropped product term is caught. */
    void toleranceCatchesAnErrorOfOneProductTerm() {
        for (Precision p : Precision.values()) {
            GemmCase g = randomCase(TestSeeds.of("tolerance", 0), 20, 20, 300, Transpose.NONE, Transpose.NONE,
                    1, 0, false, Activation.IDENTITY, Poison.NONE);
            GemmData input = GemmData.of(g, p);
            double[] bound = magnitudes(g, input, p);
            double tolerance = 2 * p.gamma(g.k() + 3) * bound[0];
            // A typical |a·b| term of uniform [-1, 1] data is 1/4; M is about k/4.
            assertTrue(tolerance < 0.01 * 0.25, () -> "tolerance " + tolerance + " would miss a dropped term, " + p);
        }
    }
}
