package dev.lanes.kernels.vector.gemm;

import dev.lanes.benchmarks.OpenBlas;
import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Where the time of one float GEMM goes, step by step, beside the machine's FMA ceiling and OpenBLAS, in one run
 * (1 thread). It lives in the GEMM's package to call its package-private steps exactly as
 * {@link FloatBlockedGemm#compute} does, over the same blocks:
 * <ul>
 * <li>{@code fmaPeak}: independent FMA chains on registers (24, or 12 with 16 vector registers) — the measured
 * ceiling of this core;
 * <li>{@code kernelL1}: the full-width register tile alone (6 × 4 vectors with 32 vector registers, 6 × 2 with
 * 16), 8 slivers of A times one packed B panel at K = 64 (everything in L1), no epilogue;
 * <li>{@code kernels}: every micro-kernel call of the shape, on operands packed once in set-up, no epilogue;
 * <li>{@code packB}, {@code packA}, {@code epilogue}: every call of that step the shape makes, alone;
 * <li>{@code gemm}: the whole {@code vector} GEMM through the public API; {@code openblas}: sgemm.
 * </ul>
 * Every method adds the shape's 2·M·N·K to the {@code gflop} counter per call (fmaPeak and kernelL1 their own
 * flops), so each step's score is how fast the GEMM would run if that step were all it did, and the step's share
 * of the GEMM's time is gemm / step. {@code packA} does nothing (reports 0) when A is read in place.
 *
 * <pre>
 * env -u OPENBLAS_CORETYPE ./mvnw -pl benchmarks jmh:benchmark -Djmh.benchmarks='GemmLimitsBenchmark,-p,shape=NN:128x784x256'
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class GemmLimitsBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final BlockSizes SIZES = BlockSizes.FLOAT;
    private static final int MR = SIZES.mr();
    private static final int NR = SIZES.nr();
    private static final int PEAK_STEPS = 1000;
    private static final int L1_K = 64;
    private static final int L1_SLIVERS = 8;

    @Param({"NT:64x256x784", "NT:128x256x784", "TN:256x784x128", "NN:128x784x256", "TN:256x784x64"})
    public String shape;

    private Transpose transA, transB;
    private int m, n, k, lda, ldb, ldc, kBlock;
    private double gigaflop;
    private float[] a, b, c, tile, scratch, packB, packA;
    private float[][][] packedB;          // [jc block][pc block]
    private float[][][] packedA;          // [pc block][ic block], A stored transposed only
    private float[] l1A, l1B;
    private float one = 1.0000001f, tiny = 1e-7f;
    private Kernels kernels;
    private OpenBlas blas;

    /** Work done, in GFLOP; JMH reports it per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Work {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[1].split("x");
        transA = parts[0].charAt(0) == 'T' ? Transpose.TRANSPOSE : Transpose.NONE;
        transB = parts[0].charAt(1) == 'T' ? Transpose.TRANSPOSE : Transpose.NONE;
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        lda = transA == Transpose.NONE ? k : m;
        ldb = transB == Transpose.NONE ? n : k;
        ldc = n;
        gigaflop = 2e-9 * m * n * k;
        kBlock = SIZES.kBlock(k);
        SplittableRandom random = new SplittableRandom(42);
        a = random(random, m * k);
        b = random(random, k * n);
        c = new float[m * n];
        tile = new float[MR * NR];
        scratch = new float[L * L];
        int ncMax = Math.min(SIZES.nc(), roundUp(n, NR));
        packB = new float[kBlock * ncMax];
        packA = new float[kBlock * roundUp(Math.min(SIZES.mc(), m), MR)];
        int jcBlocks = (n + SIZES.nc() - 1) / SIZES.nc(), pcBlocks = (k + kBlock - 1) / kBlock;
        int icBlocks = (m + SIZES.mc() - 1) / SIZES.mc();
        packedB = new float[jcBlocks][pcBlocks][];
        packedA = new float[pcBlocks][icBlocks][];
        for (int jc = 0; jc < n; jc += SIZES.nc()) {
            int nc = Math.min(SIZES.nc(), n - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                float[] dst = new float[kc * roundUp(nc, NR)];
                FloatPacking.packB(transB, b, 0, ldb, pc, kc, jc, nc, dst, scratch);
                packedB[jc / SIZES.nc()][pc / kBlock] = dst;
                if (jc == 0 && transA == Transpose.TRANSPOSE) {
                    for (int ic = 0; ic < m; ic += SIZES.mc()) {
                        int mc = Math.min(SIZES.mc(), m - ic);
                        float[] as = new float[kc * mc];
                        FloatPacking.packTransposedA(a, 0, lda, pc, kc, ic, mc, as, scratch);
                        packedA[pc / kBlock][ic / SIZES.mc()] = as;
                    }
                }
            }
        }
        l1A = random(random, L1_SLIVERS * MR * L1_K);
        l1B = random(random, L1_K * NR);
        kernels = Kernels.withProvider("vector").withThreads(1);
        blas = OpenBlas.load().orElse(null);
        if (blas != null) {
            blas.setThreads(1);
        }
    }

    /**
     * Independent FMA chains on registers, each c = x·y + c (the accumulator form the register tile uses, one
     * {@code vfmadd231ps} per step), as many as the register file holds beside the two operands: 24 with 32 vector
     * registers, 12 with 16 (AVX2). Either covers two FMA pipes of latency 4 to 5. On a Zen 3 core (AVX2) 24 chains
     * spilled to the stack, and c = c·x + y made C2 copy y before every FMA and spill the chains too: 40 and 58
     * GFLOP/s, where the accumulator form measures 90 and OpenBLAS's sgemm 70–78.
     */
    @Benchmark
    public float fmaPeak(Work work) {
        return SIZES.vectorsPerRow() == 4 ? fmaPeak24(work) : fmaPeak12(work);
    }

    private float fmaPeak12(Work work) {
        FloatVector x = FloatVector.broadcast(SPECIES, one), y = FloatVector.broadcast(SPECIES, tiny);
        FloatVector c0 = y, c1 = y.add(y), c2 = c1.add(y), c3 = c2.add(y), c4 = c3.add(y), c5 = c4.add(y);
        FloatVector c6 = c5.add(y), c7 = c6.add(y), c8 = c7.add(y), c9 = c8.add(y), c10 = c9.add(y), c11 = c10.add(y);
        for (int i = 0; i < PEAK_STEPS; i++) {
            c0 = x.fma(y, c0); c1 = x.fma(y, c1); c2 = x.fma(y, c2); c3 = x.fma(y, c3);
            c4 = x.fma(y, c4); c5 = x.fma(y, c5); c6 = x.fma(y, c6); c7 = x.fma(y, c7);
            c8 = x.fma(y, c8); c9 = x.fma(y, c9); c10 = x.fma(y, c10); c11 = x.fma(y, c11);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        work.gflop += 2e-9 * 12 * L * PEAK_STEPS;
        return s.reduceLanes(VectorOperators.ADD);
    }

    private float fmaPeak24(Work work) {
        FloatVector x = FloatVector.broadcast(SPECIES, one), y = FloatVector.broadcast(SPECIES, tiny);
        FloatVector c0 = y, c1 = y.add(y), c2 = c1.add(y), c3 = c2.add(y), c4 = c3.add(y), c5 = c4.add(y);
        FloatVector c6 = c5.add(y), c7 = c6.add(y), c8 = c7.add(y), c9 = c8.add(y), c10 = c9.add(y), c11 = c10.add(y);
        FloatVector c12 = c11.add(y), c13 = c12.add(y), c14 = c13.add(y), c15 = c14.add(y), c16 = c15.add(y);
        FloatVector c17 = c16.add(y), c18 = c17.add(y), c19 = c18.add(y), c20 = c19.add(y), c21 = c20.add(y);
        FloatVector c22 = c21.add(y), c23 = c22.add(y);
        for (int i = 0; i < PEAK_STEPS; i++) {
            c0 = x.fma(y, c0); c1 = x.fma(y, c1); c2 = x.fma(y, c2); c3 = x.fma(y, c3);
            c4 = x.fma(y, c4); c5 = x.fma(y, c5); c6 = x.fma(y, c6); c7 = x.fma(y, c7);
            c8 = x.fma(y, c8); c9 = x.fma(y, c9); c10 = x.fma(y, c10); c11 = x.fma(y, c11);
            c12 = x.fma(y, c12); c13 = x.fma(y, c13); c14 = x.fma(y, c14); c15 = x.fma(y, c15);
            c16 = x.fma(y, c16); c17 = x.fma(y, c17); c18 = x.fma(y, c18); c19 = x.fma(y, c19);
            c20 = x.fma(y, c20); c21 = x.fma(y, c21); c22 = x.fma(y, c22); c23 = x.fma(y, c23);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10)
                .add(c11).add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20)
                .add(c21).add(c22).add(c23);
        work.gflop += 2e-9 * 24 * L * PEAK_STEPS;
        return s.reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public float[] kernelL1(Work work) {
        for (int s = 0; s < L1_SLIVERS; s++) {
            int a0 = s * MR * L1_K;
            FloatMicroKernel.multiply(L1_K, l1A, a0, a0 + L1_K, a0 + 2 * L1_K, a0 + 3 * L1_K, a0 + 4 * L1_K, a0 + 5 * L1_K,
                    l1B, 0, NR, tile, null, 0, 0);
        }
        work.gflop += 2e-9 * L1_SLIVERS * MR * NR * L1_K;
        return tile;
    }

    @Benchmark
    public float[] kernels(Work work) {
        boolean packedAOperand = transA == Transpose.TRANSPOSE;
        for (int jc = 0; jc < n; jc += SIZES.nc()) {
            int nc = Math.min(SIZES.nc(), n - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                float[] pb = packedB[jc / SIZES.nc()][pc / kBlock];
                for (int ic = 0; ic < m; ic += SIZES.mc()) {
                    int mc = Math.min(SIZES.mc(), m - ic);
                    float[] pa = packedAOperand ? packedA[pc / kBlock][ic / SIZES.mc()] : null;
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int panel = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            float[] rowsOfA = packedAOperand ? pa : a;
                            int row = packedAOperand ? ir * kc : (ic + ir) * lda + pc, step = packedAOperand ? kc : lda;
                            int last1 = rows - 1;
                            FloatMicroKernel.multiply(kc, rowsOfA, row, row + Math.min(1, last1) * step,
                                    row + Math.min(2, last1) * step, row + Math.min(3, last1) * step,
                                    row + Math.min(4, last1) * step, row + Math.min(5, last1) * step,
                                    pb, panel, cols, tile, null, 0, 0);
                        }
                    }
                }
            }
        }
        work.gflop += gigaflop;
        return tile;
    }

    @Benchmark
    public float[] packB(Work work) {
        for (int jc = 0; jc < n; jc += SIZES.nc()) {
            int nc = Math.min(SIZES.nc(), n - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                FloatPacking.packB(transB, b, 0, ldb, pc, Math.min(kBlock, k - pc), jc, nc, packB, scratch);
            }
        }
        work.gflop += gigaflop;
        return packB;
    }

    @Benchmark
    public float[] packA(Work work) {
        if (transA != Transpose.TRANSPOSE) {
            return packA;                                // A read in place: no such step
        }
        for (int jc = 0; jc < n; jc += SIZES.nc()) {
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                for (int ic = 0; ic < m; ic += SIZES.mc()) {
                    FloatPacking.packTransposedA(a, 0, lda, pc, kc, ic, Math.min(SIZES.mc(), m - ic), packA, scratch);
                }
            }
        }
        work.gflop += gigaflop;
        return packA;
    }

    @Benchmark
    public float[] epilogue(Work work) {
        for (int jc = 0; jc < n; jc += SIZES.nc()) {
            int nc = Math.min(SIZES.nc(), n - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                boolean first = pc == 0, last = pc + kc == k;
                for (int ic = 0; ic < m; ic += SIZES.mc()) {
                    int mc = Math.min(SIZES.mc(), m - ic);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            FloatEpilogue.store(tile, NR, Math.min(MR, mc - ir), cols, c, (ic + ir) * ldc + jc + jr, ldc,
                                    1f, 0f, first, last, null, 0, Activation.IDENTITY);
                        }
                    }
                }
            }
        }
        work.gflop += gigaflop;
        return c;
    }

    @Benchmark
    public float[] gemm(Work work) {
        kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, ldc, null, Activation.IDENTITY);
        work.gflop += gigaflop;
        return c;
    }

    @Benchmark
    public float[] openblas(Work work) {
        if (blas == null) {
            return c;                                    // OpenBLAS missing: reports 0
        }
        blas.sgemm(transA == Transpose.TRANSPOSE, transB == Transpose.TRANSPOSE, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
        work.gflop += gigaflop;
        return c;
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
