package dev.lanes.kernels.vector.gemm;

import jdk.incubator.vector.*;
import java.util.*;

/**
 * The 6 x 2 register tile on operands in L1 in six forms, in adjacent 100 ms slices of one JVM: main's (A as six rows
 * along K, each at its own offset), A packed as 6-wide slivers (one offset, constant displacements), each with K
 * unrolled by two, and each with B's offset and A's as induction variables. Compiled into the kernels' package:
 * javac --add-modules jdk.incubator.vector -cp kernels/target/classes -d /tmp/probe SliverProbe.java
 * java --add-modules jdk.incubator.vector -cp kernels/target/classes:/tmp/probe dev.lanes.kernels.vector.gemm.SliverProbe 20 256 2
 */
public class SliverProbe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length(), NR = 2 * L, MR = 6;

    static void sliver6x2(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOffset + p * NR, ai = aOffset + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L); c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L); c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }


    static void rows2(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, x;
        FloatVector b0, b1;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bi = bOffset + p * NR;
            b0 = FloatVector.fromArray(S, b, bi); b1 = FloatVector.fromArray(S, b, bi + L);
            x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            b0 = FloatVector.fromArray(S, b, bi + NR); b1 = FloatVector.fromArray(S, b, bi + NR + L);
            x = FloatVector.broadcast(S, a[a0 + p + 1]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + p + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + p + 1]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + p + 1]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + p + 1]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + p + 1]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        for (; p < kc; p++) {
            int bi = bOffset + p * NR;
            b0 = FloatVector.fromArray(S, b, bi); b1 = FloatVector.fromArray(S, b, bi + L);
            x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L); c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L); c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }

    static void sliver2(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, x;
        FloatVector b0, b1;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bi = bOffset + p * NR, ai = aOffset + p * MR;
            b0 = FloatVector.fromArray(S, b, bi); b1 = FloatVector.fromArray(S, b, bi + L);
            x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            b0 = FloatVector.fromArray(S, b, bi + NR); b1 = FloatVector.fromArray(S, b, bi + NR + L);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ai + 8]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ai + 9]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ai + 10]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ai + 11]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        for (; p < kc; p++) {
            int bi = bOffset + p * NR, ai = aOffset + p * MR;
            b0 = FloatVector.fromArray(S, b, bi); b1 = FloatVector.fromArray(S, b, bi + L);
            x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L); c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L); c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }

    static void rowsI(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, x;
        int d1 = a1 - a0, d2 = a2 - a0, d3 = a3 - a0, d4 = a4 - a0, d5 = a5 - a0;
        for (int ai = a0, bi = bOffset, end = a0 + kc; ai < end; ai++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ai + d1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ai + d2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ai + d3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ai + d4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ai + d5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L); c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L); c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }

    static void sliverI(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, x;
        for (int ai = aOffset, bi = bOffset, end = aOffset + kc * MR; ai < end; ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L); c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L); c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }
    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]), kc = Integer.parseInt(args[1]), slivers = Integer.parseInt(args[2]);
        String[] names = {"rows (main)", "sliver", "rows, K by 2", "sliver, K by 2", "rows, induction", "sliver, induction"};
        SplittableRandom random = new SplittableRandom(42);
        float[] tile = new float[MR * NR];
        float[] aBlock = new float[slivers * MR * kc], bPanel = new float[kc * NR];
        for (int i = 0; i < aBlock.length; i++) aBlock[i] = (float) random.nextDouble(-1, 1);
        for (int i = 0; i < bPanel.length; i++) bPanel[i] = (float) random.nextDouble(-1, 1);
        int versions = names.length;
        double[][] all = new double[versions][rounds];
        for (int round = -5; round < rounds; round++) {
            for (int v = 0; v < versions; v++) {
                long start = System.nanoTime();
                double flops = 0;
                do {
                    for (int ir = 0; ir < slivers; ir++) {
                        int r = ir * MR * kc;
                        switch (v) {
                            case 0 -> FloatMicroKernel.multiply6x2(kc, aBlock, r, r + kc, r + 2 * kc, r + 3 * kc, r + 4 * kc, r + 5 * kc, bPanel, 0, tile, null, 0, 0);
                            case 1 -> sliver6x2(kc, aBlock, r, bPanel, 0, tile);
                            case 2 -> rows2(kc, aBlock, r, r + kc, r + 2 * kc, r + 3 * kc, r + 4 * kc, r + 5 * kc, bPanel, 0, tile);
                            case 3 -> sliver2(kc, aBlock, r, bPanel, 0, tile);
                            case 4 -> rowsI(kc, aBlock, r, r + kc, r + 2 * kc, r + 3 * kc, r + 4 * kc, r + 5 * kc, bPanel, 0, tile);
                            default -> sliverI(kc, aBlock, r, bPanel, 0, tile);
                        }
                        flops += 2.0 * MR * NR * kc;
                    }
                } while (System.nanoTime() - start < 100_000_000L);
                if (round >= 0) all[v][round] = flops / (System.nanoTime() - start);
            }
        }
        for (int v = 0; v < versions; v++) {
            double[] x = all[v].clone();
            Arrays.sort(x);
            System.out.printf("%-18s median %5.1f  [%5.1f-%5.1f]  GFLOP/s over %d slices%n", names[v], x[rounds / 2], x[0], x[rounds - 1], rounds);
        }
    }
}
