package dev.lanes.kernels.vector.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * main's 6 x 2 tile against a 4 x 3 tile (rows of A along K), operands in L1, adjacent 100 ms slices; GFLOP/s.
 * javac --add-modules jdk.incubator.vector -cp kernels/target/classes -d /tmp/probe Tile43Probe.java
 * java --add-modules jdk.incubator.vector -cp kernels/target/classes:/tmp/probe dev.lanes.kernels.vector.gemm.Tile43Probe 20
 */
public class Tile43Probe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    static void tile4x3(int kc, float[] a, int a0, int a1, int a2, int a3, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int nr = 3 * L;
        for (int p = 0; p < kc; p++) {
            int bi = bOffset + p * nr;
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L), b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, nr); c11.intoArray(tile, nr + L); c12.intoArray(tile, nr + 2 * L);
        c20.intoArray(tile, 2 * nr); c21.intoArray(tile, 2 * nr + L); c22.intoArray(tile, 2 * nr + 2 * L);
        c30.intoArray(tile, 3 * nr); c31.intoArray(tile, 3 * nr + L); c32.intoArray(tile, 3 * nr + 2 * L);
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]), kc = 256;
        SplittableRandom random = new SplittableRandom(42);
        float[] a = new float[6 * kc], b = new float[kc * 3 * L], tile = new float[6 * 3 * L];
        for (int i = 0; i < a.length; i++) a[i] = (float) random.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) random.nextDouble(-1, 1);
        double[][] all = new double[2][rounds];
        for (int round = -5; round < rounds; round++) {
            for (int v = 0; v < 2; v++) {
                long start = System.nanoTime();
                double flops = 0;
                do {
                    if (v == 0) {
                        FloatMicroKernel.multiply6x2(kc, a, 0, kc, 2 * kc, 3 * kc, 4 * kc, 5 * kc, b, 0, tile, null, 0, 0);
                    } else {
                        tile4x3(kc, a, 0, kc, 2 * kc, 3 * kc, b, 0, tile);
                    }
                    flops += 2.0 * 12 * L * kc;
                } while (System.nanoTime() - start < 100_000_000L);
                if (round >= 0) all[v][round] = flops / (System.nanoTime() - start);
            }
            if (round >= 0) System.out.printf("%3d  6x2 %5.1f  4x3 %5.1f%n", round, all[0][round], all[1][round]);
        }
        for (double[] x : all) Arrays.sort(x);
        System.out.printf("median 6x2 %.1f  4x3 %.1f%n", all[0][rounds / 2], all[1][rounds / 2]);
    }
}
