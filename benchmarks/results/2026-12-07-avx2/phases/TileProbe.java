package dev.lanes.kernels.vector.gemm;

import dev.lanes.benchmarks.OpenBlas;
import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Transpose;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.SplittableRandom;

/**
 * Five things in adjacent 100 ms slices of one JVM, 1 thread, so that each row of the output saw the same phase of
 * the host: the whole GEMM (NN:1024x1024x1024 through the API), the register tile alone on operands in L1 (K 256,
 * one sliver of A), the tile over a B panel and an A block as the GEMM's loops see them (K {@code -Dk=800}, 8
 * panels, 16 slivers), OpenBLAS's sgemm of the same product, and independent FMA chains on registers (12, as
 * {@code GemmLimitsBenchmark.fmaPeak} with 16 vector registers). Prints GFLOP/s per slice. Compiled into the
 * kernels' package (the tile is package-private):
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp kernels/target/classes:benchmarks/target/classes -d /tmp/probe \
 *     benchmarks/results/2026-12-07-avx2/phases/TileProbe.java
 * env -u OPENBLAS_CORETYPE java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *     -cp kernels/target/classes:benchmarks/target/classes:/tmp/probe dev.lanes.kernels.vector.gemm.TileProbe 30
 * </pre>
 */
public class TileProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int NR = BlockSizes.FLOAT.nr(), N = 1024, SLICE_NS = 100_000_000;
    private static float one = 1.0000001f, tiny = 1e-7f, sink;

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]), deepK = Integer.getInteger("k", 800);
        OpenBlas blas = OpenBlas.load().orElseThrow();
        blas.setThreads(1);
        Kernels kernels = Kernels.withProvider("vector").withThreads(1);
        SplittableRandom random = new SplittableRandom(42);
        float[] a = random(random, N * N), b = random(random, N * N), c = new float[N * N];
        float[] tile = new float[6 * NR], aBlock = random(random, 96 * deepK), bPanels = random(random, 8 * deepK * NR);
        System.out.println("OpenBLAS core " + blas.coreName() + "; GFLOP/s per 100 ms slice");
        for (int round = -5; round < rounds; round++) {
            double[] rate = new double[5];
            for (int what = 0; what < rate.length; what++) {
                long start = System.nanoTime();
                double flops = 0;
                do {
                    switch (what) {
                        case 0 -> {
                            kernels.gemm(Transpose.NONE, Transpose.NONE, N, N, N, 1f, a, 0, N, b, 0, N, 0f, c, 0, N, null,
                                    Activation.IDENTITY);
                            flops += 2.0 * N * N * N;
                        }
                        case 1 -> flops += tiles(256, 1, 1, aBlock, bPanels, tile);
                        case 2 -> flops += tiles(deepK, 8, 16, aBlock, bPanels, tile);
                        case 3 -> {
                            blas.sgemm(false, false, N, N, N, 1f, a, N, b, N, 0f, c, N);
                            flops += 2.0 * N * N * N;
                        }
                        default -> {
                            sink += fmaChains();
                            flops += 2.0 * 12 * SPECIES.length() * 1000;
                        }
                    }
                } while (System.nanoTime() - start < SLICE_NS);
                rate[what] = flops / (System.nanoTime() - start);
            }
            if (round >= 0) {
                System.out.printf("%3d  gemm %5.1f  tile-L1 %5.1f  tile-K%d %5.1f  openblas %5.1f  fma-chains %5.1f%n",
                        round, rate[0], rate[1], deepK, rate[2], rate[3], rate[4]);
            }
        }
    }

    /** The tile over {@code panels} B panels × {@code slivers} slivers of A (rows along K, kc apart); its flops. */
    private static double tiles(int kc, int panels, int slivers, float[] a, float[] b, float[] tile) {
        for (int jr = 0; jr < panels; jr++) {
            for (int ir = 0; ir < slivers; ir++) {
                int row = ir * 6 * kc;
                FloatMicroKernel.multiply6x2(kc, a, row, row + kc, row + 2 * kc, row + 3 * kc, row + 4 * kc, row + 5 * kc,
                        b, jr * kc * NR, tile, null, 0, 0);
            }
        }
        return 2.0 * 6 * NR * kc * panels * slivers;
    }

    private static float fmaChains() {
        FloatVector x = FloatVector.broadcast(SPECIES, one), y = FloatVector.broadcast(SPECIES, tiny);
        FloatVector c0 = y, c1 = y.add(y), c2 = c1.add(y), c3 = c2.add(y), c4 = c3.add(y), c5 = c4.add(y);
        FloatVector c6 = c5.add(y), c7 = c6.add(y), c8 = c7.add(y), c9 = c8.add(y), c10 = c9.add(y), c11 = c10.add(y);
        for (int i = 0; i < 1000; i++) {
            c0 = x.fma(y, c0); c1 = x.fma(y, c1); c2 = x.fma(y, c2); c3 = x.fma(y, c3);
            c4 = x.fma(y, c4); c5 = x.fma(y, c5); c6 = x.fma(y, c6); c7 = x.fma(y, c7);
            c8 = x.fma(y, c8); c9 = x.fma(y, c9); c10 = x.fma(y, c10); c11 = x.fma(y, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static float[] random(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
