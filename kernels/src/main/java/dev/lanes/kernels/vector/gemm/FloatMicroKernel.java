package dev.lanes.kernels.vector.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile (float): an MR × NR block of op(A)·op(B)
 * over one K block, summed in registers and written to a tile buffer for the {@link FloatEpilogue}.
 *
 * <p>A is read as six scalars per step p of K, element (r, p) at {@code a[a_r + p]}: six rows along K, in place or
 * packed as such rows ({@link FloatPacking#packTransposedA}). An edge of more rows than
 * {@link BlockSizes#EDGE_ROWS_IN_PAIRS} (fewer go through {@link #multiplyPair}) repeats its last row in the missing
 * ones (their results are not stored). B comes from a packed panel, NR floats per step. Both indices are a
 * loop-invariant offset plus p times a constant, so C2 checks their bounds once before the loop: with A at
 * {@code a_r + p·aStep} (a stride given at run time, for a packed layout of MR-element steps) it checked all six
 * A indices at every step, 18 more instructions beside the 6 × 2 tile's 12 FMAs, and that tile ran ~20% slower
 * on AVX2 (benchmarks/results/2026-12-07-avx2.md).
 *
 * <p>Every element of C is the same chain of FMAs over p in order, whatever tile, edge or thread it falls in:
 * that is what makes the result independent of the thread count. The accumulators are locals, never an array,
 * and nothing vector-typed leaves the method: otherwise C2 boxes them and the kernel is 60–100× slower.
 */
final class FloatMicroKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final int NR = BlockSizes.FLOAT.nr();

    private FloatMicroKernel() {
    }

    /**
     * The tile for this machine: 6 × 4 vectors with 32 vector registers, 6 × 2 with 16. A panel at the right edge
     * of C with {@code cols} of NR columns takes the narrowest tile that covers them (6 × 1, 6 × 2 or 6 × 3
     * vectors, reading the same NR-wide panel): the padding columns are not multiplied (n = 784 ends in a 16-column
     * panel, which the 6 × 4 tile computed at a quarter of its width; a layer of width 100 ends in 36 columns,
     * three vectors). Each element is the same chain of FMAs in any tile.
     *
     * <p>The tile goes to {@code tile} for the {@link FloatEpilogue}, or, given {@code c}, straight from the
     * registers into C at {@code cIndex} (rows {@code ldc} apart): only for a whole tile whose epilogue would store
     * the products unchanged (see {@link FloatBlockedGemm}). Only {@code intoArray} there: a helper taking the
     * vectors (the epilogue's operations per vector) was not inlined into this method and boxed every accumulator
     * (0.9 MB allocated per call of TN:256x784x64, 25% slower).
     */
    static void multiply(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                         float[] b, int bOffset, int cols, float[] tile,
                         float[] c, int cIndex, int ldc) {
        if (cols <= L) {
            multiply6x1(kc, a, a0, a1, a2, a3, a4, a5, b, bOffset, tile, c, cIndex, ldc);
        } else if (BlockSizes.FLOAT.vectorsPerRow() == 4 && cols > 3 * L) {
            multiply6x4(kc, a, a0, a1, a2, a3, a4, a5, b, bOffset, tile, c, cIndex, ldc);
        } else if (BlockSizes.FLOAT.vectorsPerRow() == 4 && cols > 2 * L) {
            multiply6x3(kc, a, a0, a1, a2, a3, a4, a5, b, bOffset, tile, c, cIndex, ldc);
        } else {
            multiply6x2(kc, a, a0, a1, a2, a3, a4, a5, b, bOffset, tile, c, cIndex, ldc);
        }
    }

    /**
     * Two rows of A times a panel, all NR columns (padding included: these chains are bound by the FMA latency, not
     * the FMA rate, so the padding costs no time), into the tile buffer's first two rows: for an edge of a few rows,
     * where the MR-row tile would compute its missing rows as repeats ({@link BlockSizes#EDGE_ROWS_IN_PAIRS}). Each
     * element is the same chain of FMAs as in the MR-row tile, so a row gets the same bits in either. A lone row is
     * given as both rows: a loop of its own for it measured level at NT:1x256x784 on one 512-bit FMA a cycle.
     */
    static void multiplyPair(int kc, float[] a, int a0, int a1, float[] b, int bOffset, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00;
        if (BlockSizes.FLOAT.vectorsPerRow() == 4) {
            FloatVector c02 = c00, c03 = c00, c12 = c00, c13 = c00;
            for (int p = 0; p < kc; p++) {
                int bi = bOffset + p * NR;
                FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
                FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
                FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * L);
                FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi + 3 * L);
                FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
                c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
                x = FloatVector.broadcast(SPECIES, a[a1 + p]);
                c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            }
            c02.intoArray(tile, 2 * L); c03.intoArray(tile, 3 * L);
            c12.intoArray(tile, NR + 2 * L); c13.intoArray(tile, NR + 3 * L);
        } else {
            for (int p = 0; p < kc; p++) {
                int bi = bOffset + p * NR;
                FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
                FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
                FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
                c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(SPECIES, a[a1 + p]);
                c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            }
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
    }

    static void multiply6x4(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                            float[] b, int bOffset, float[] tile,
                            float[] c, int cIndex, int ldc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(SPECIES, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(SPECIES, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(SPECIES, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(SPECIES, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(SPECIES, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        if (c != null) {
            int r0 = cIndex, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L); c42.intoArray(c, r4 + 2 * L); c43.intoArray(c, r4 + 3 * L);
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L); c52.intoArray(c, r5 + 2 * L); c53.intoArray(c, r5 + 3 * L);
            return;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L); c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L); c12.intoArray(tile, NR + 2 * L); c13.intoArray(tile, NR + 3 * L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L); c22.intoArray(tile, 2 * NR + 2 * L); c23.intoArray(tile, 2 * NR + 3 * L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L); c32.intoArray(tile, 3 * NR + 2 * L); c33.intoArray(tile, 3 * NR + 3 * L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L); c42.intoArray(tile, 4 * NR + 2 * L); c43.intoArray(tile, 4 * NR + 3 * L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L); c52.intoArray(tile, 5 * NR + 2 * L); c53.intoArray(tile, 5 * NR + 3 * L);
    }

    static void multiply6x3(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                            float[] b, int bOffset, float[] tile,
                            float[] c, int cIndex, int ldc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(SPECIES, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(SPECIES, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(SPECIES, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(SPECIES, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(SPECIES, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
        }
        if (c != null) {
            int r0 = cIndex, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L);
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L);
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L);
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L);
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L); c42.intoArray(c, r4 + 2 * L);
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L); c52.intoArray(c, r5 + 2 * L);
            return;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L); c12.intoArray(tile, NR + 2 * L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L); c22.intoArray(tile, 2 * NR + 2 * L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L); c32.intoArray(tile, 3 * NR + 2 * L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L); c42.intoArray(tile, 4 * NR + 2 * L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L); c52.intoArray(tile, 5 * NR + 2 * L);
    }

    static void multiply6x2(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                            float[] b, int bOffset, float[] tile,
                            float[] c, int cIndex, int ldc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        if (c != null) {
            int r0 = cIndex, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
            return;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + L);
    }

    static void multiply6x1(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                            float[] b, int bOffset, float[] tile,
                            float[] c, int cIndex, int ldc) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int p = 0; p < kc; p++) {
            int bi = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            c0 = b0.fma(FloatVector.broadcast(SPECIES, a[a0 + p]), c0);
            c1 = b0.fma(FloatVector.broadcast(SPECIES, a[a1 + p]), c1);
            c2 = b0.fma(FloatVector.broadcast(SPECIES, a[a2 + p]), c2);
            c3 = b0.fma(FloatVector.broadcast(SPECIES, a[a3 + p]), c3);
            c4 = b0.fma(FloatVector.broadcast(SPECIES, a[a4 + p]), c4);
            c5 = b0.fma(FloatVector.broadcast(SPECIES, a[a5 + p]), c5);
        }
        if (c != null) {
            c0.intoArray(c, cIndex); c1.intoArray(c, cIndex + ldc); c2.intoArray(c, cIndex + 2 * ldc);
            c3.intoArray(c, cIndex + 3 * ldc); c4.intoArray(c, cIndex + 4 * ldc); c5.intoArray(c, cIndex + 5 * ldc);
            return;
        }
        c0.intoArray(tile, 0); c1.intoArray(tile, NR); c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR); c4.intoArray(tile, 4 * NR); c5.intoArray(tile, 5 * NR);
    }
}
