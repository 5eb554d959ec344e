package dev.lanes.kernels.vector.gemm;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throw-away tuning probe (issue 14): {@link FloatBlockedGemm}'s loops with the block sizes and loop order as
 * arguments, so several settings can be timed in one JVM, interleaved in rounds (the host's speed drifts by
 * 20–30% between minutes, so settings timed minutes apart cannot be compared). Same steps as the real GEMM.
 *
 * <pre>
 * lanes-bench java --add-modules jdk.incubator.vector -cp ... dev.lanes.kernels.vector.gemm.BlockingProbe \
 *     NT:1024x256x784 real kc=384,mc=96,nc=2048,order=jr kc=800,mc=96,nc=2048,order=ir
 * </pre>
 * Arguments: shapes (a leading {@code +} on a shape adds bias + ReLU), then settings; {@code real} is the public
 * GEMM. Prints the median (min–max) GFLOP/s per shape and setting over the rounds after the first.
 */
public final class BlockingProbe {
    private static final BlockSizes SIZES = BlockSizes.FLOAT;
    private static final int MR = SIZES.mr();
    private static final int NR = SIZES.nr();
    private static final int L = SIZES.lanes();

    record Setting(String text, boolean real, int kc, int mc, int nc, boolean irOuter) {
        static Setting parse(String s) {
            if (s.equals("real")) {
                return new Setting(s, true, 0, 0, 0, false);
            }
            int kc = SIZES.kc(), mc = SIZES.mc(), nc = SIZES.nc();
            boolean ir = false;
            for (String kv : s.split(",")) {
                String[] p = kv.split("=");
                switch (p[0]) {
                    case "kc" -> kc = Integer.parseInt(p[1]);
                    case "mc" -> mc = Integer.parseInt(p[1]);
                    case "nc" -> nc = Integer.parseInt(p[1]);
                    case "order" -> ir = p[1].equals("ir");
                    default -> throw new IllegalArgumentException(kv);
                }
            }
            return new Setting(s, false, kc, mc, nc, ir);
        }
    }

    public static void main(String[] args) {
        List<String> shapes = new ArrayList<>();
        List<Setting> settings = new ArrayList<>();
        int rounds = Integer.getInteger("rounds", 6);
        long roundNanos = (long) (Double.parseDouble(System.getProperty("seconds", "0.4")) * 1e9);
        for (String a : args) {
            if (a.contains(":")) {
                shapes.add(a);
            } else {
                settings.add(Setting.parse(a));
            }
        }
        Kernels kernels = Kernels.withProvider("vector").withThreads(1);
        for (String shape : shapes) {
            boolean fused = shape.startsWith("+");
            String[] parts = shape.replace("+", "").split(":");
            String[] d = parts[1].split("x");
            Transpose ta = parts[0].charAt(0) == 'T' ? Transpose.TRANSPOSE : Transpose.NONE;
            Transpose tb = parts[0].charAt(1) == 'T' ? Transpose.TRANSPOSE : Transpose.NONE;
            int m = Integer.parseInt(d[0]), n = Integer.parseInt(d[1]), k = Integer.parseInt(d[2]);
            int lda = ta == Transpose.NONE ? k : m, ldb = tb == Transpose.NONE ? n : k;
            SplittableRandom random = new SplittableRandom(42);
            float[] a = random(random, m * k), b = random(random, k * n), bias = fused ? random(random, n) : null;
            float[] c = new float[m * n];
            Activation act = fused ? Activation.RELU : Activation.IDENTITY;
            double gflop = 2e-9 * m * n * k;
            double[][] rates = new double[settings.size()][rounds];
            float[] reference = new float[m * n];
            kernels.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, reference, 0, n, bias, act);
            for (int round = 0; round < rounds; round++) {
                for (int s = 0; s < settings.size(); s++) {
                    Setting st = settings.get(s);
                    long start = System.nanoTime(), now;
                    int calls = 0;
                    do {
                        if (st.real) {
                            kernels.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n, bias, act);
                        } else {
                            compute(st, ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n, bias, 0, act);
                        }
                        calls++;
                        now = System.nanoTime();
                    } while (now - start < roundNanos);
                    rates[s][round] = gflop * calls / ((now - start) * 1e-9);
                    if (round == 0 && !Arrays.equals(c, reference)) {
                        System.out.println("MISMATCH " + shape + " " + st.text);
                    }
                }
            }
            for (int s = 0; s < settings.size(); s++) {
                double[] r = Arrays.copyOfRange(rates[s], 1, rounds);
                Arrays.sort(r);
                System.out.printf("%-18s %-34s %7.1f  (%5.1f-%5.1f)%n", shape, settings.get(s).text,
                        r[r.length / 2], r[0], r[r.length - 1]);
            }
        }
    }

    /** {@link FloatBlockedGemm#compute} with the setting's block sizes and order. */
    static void compute(Setting st, Transpose transA, Transpose transB, int m, int n, int k,
                        float alpha, float[] a, int aOffset, int lda,
                        float[] b, int bOffset, int ldb,
                        float beta, float[] c, int cOffset, int ldc,
                        float[] bias, int biasOffset, Activation activation) {
        Workspace workspace = Workspace.get();
        int blocks = Math.max(1, (k + st.kc - 1) / st.kc);
        int kBlock = (k + blocks - 1) / blocks;
        int ncMax = Math.min(st.nc, roundUp(n, NR));
        float[] packedB = workspace.floatB(kBlock * ncMax);
        float[] tile = workspace.floatTile(MR * NR);
        float[] scratch = workspace.floatScratch(L * L);
        boolean packA = transA == Transpose.TRANSPOSE;
        float[] packedA = packA ? workspace.floatA(kBlock * roundUp(Math.min(st.mc, m), MR)) : null;
        float[] direct = k <= kBlock && alpha == 1f && beta == 0f && bias == null && activation == Activation.IDENTITY ? c : null;
        for (int jc = 0; jc < n; jc += st.nc) {
            int nc = Math.min(st.nc, n - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                boolean first = pc == 0, last = pc + kc == k;
                FloatPacking.packB(transB, b, bOffset, ldb, pc, kc, jc, nc, packedB, scratch);
                for (int ic = 0; ic < m; ic += st.mc) {
                    int mc = Math.min(st.mc, m - ic);
                    if (packA) {
                        FloatPacking.packTransposedA(a, aOffset, lda, pc, kc, ic, mc, packedA, scratch);
                    }
                    if (st.irOuter) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            for (int jr = 0; jr < nc; jr += NR) {
                                tile(kc, jr, ir, ic, jc, pc, nc, mc, packA, packedA, packedB, a, aOffset, lda, tile, direct,
                                        c, cOffset, ldc, alpha, beta, first, last, bias, biasOffset, activation);
                            }
                        }
                    } else {
                        for (int jr = 0; jr < nc; jr += NR) {
                            for (int ir = 0; ir < mc; ir += MR) {
                                tile(kc, jr, ir, ic, jc, pc, nc, mc, packA, packedA, packedB, a, aOffset, lda, tile, direct,
                                        c, cOffset, ldc, alpha, beta, first, last, bias, biasOffset, activation);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void tile(int kc, int jr, int ir, int ic, int jc, int pc, int nc, int mc, boolean packA,
                             float[] packedA, float[] packedB, float[] a, int aOffset, int lda, float[] tile,
                             float[] direct, float[] c, int cOffset, int ldc, float alpha, float beta,
                             boolean first, boolean last, float[] bias, int biasOffset, Activation activation) {
        int cols = Math.min(NR, nc - jr);
        int panel = jr * kc;
        int rows = Math.min(MR, mc - ir);
        float[] whole = rows == MR && (cols == NR || cols == L || cols == 2 * L) ? direct : null;
        int cIndex = cOffset + (ic + ir) * ldc + jc + jr;
        float[] rowsOfA = packA ? packedA : a;
        int row = packA ? ir * kc : aOffset + (ic + ir) * lda + pc, step = packA ? kc : lda, last1 = rows - 1;
        FloatMicroKernel.multiply(kc, rowsOfA, row, row + Math.min(1, last1) * step,
                row + Math.min(2, last1) * step, row + Math.min(3, last1) * step,
                row + Math.min(4, last1) * step, row + Math.min(5, last1) * step,
                packedB, panel, cols, tile, whole, cIndex, ldc);
        if (whole == null) {
            FloatEpilogue.store(tile, NR, rows, cols, c, cIndex, ldc, alpha, beta, first, last,
                    bias, biasOffset + jc + jr, activation);
        }
    }

    private static float[] random(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
