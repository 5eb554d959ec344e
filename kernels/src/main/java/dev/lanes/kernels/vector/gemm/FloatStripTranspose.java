package dev.lanes.kernels.vector.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.lanes.kernels.vector.gemm.FloatPacking.SWAP_FIRST;
import static dev.lanes.kernels.vector.gemm.FloatPacking.SWAP_SECOND;

/**
 * The part of FloatPacking written by hand, because it depends on the lane count rather than the type: the
 * transpose of a whole strip of B (or of a transposed A) with its blocks held in registers, 16 × 16 for 16-lane
 * vectors of floats (512-bit vectors) and 8 × 8 for 8-lane ones (AVX2). Everything else in the packing is generated
 * for both precisions; this is used only when the preferred species has one of those lane counts
 * ({@link #UNROLLED}), and any other width takes the generic {@code FloatPacking.transposeBlock}.
 */
final class FloatStripTranspose {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Whether the preferred species has a lane count {@link #transposeStrip} is unrolled for, 16 or 8. */
    static final boolean UNROLLED = SPECIES.length() == 16 || SPECIES.length() == 8;

    /**
     * Whether C2 compiles a two-vector {@code selectFrom} of the preferred float species to shuffle instructions, as
     * the generic {@code FloatPacking.transposeBlock} and the dot-product tree of {@code FloatSmallGemm} need. It does
     * for floats at every width it vectorises (on AVX2, 8 lanes: ZeroAllocationTest measures no allocation).
     */
    static final boolean TWO_VECTOR_SHUFFLES = true;

    private FloatStripTranspose() {
    }

    /**
     * {@code FloatPacking.transposeBlock} for {@code blocks} consecutive blocks along the rows of b (LANES rows at
     * {@code src}, {@code ldb} apart), into dst at {@code dst0}, rows {@code ldd} apart, with the rows held in
     * registers throughout (no scratch round trips between rounds): the same shuffles, unrolled, so each round's
     * outputs stay in local vectors. The index vectors are loaded and converted once per strip rather than once per
     * block. At 16 lanes the pack ~9% faster, NT:64x256x784 +1–2%; at 8 (AVX2), see
     * benchmarks/results/2026-12-07-avx2.md. Only where {@link #UNROLLED}.
     */
    static void transposeStrip(float[] b, int src, int ldb, int blocks, float[] dst, int dst0, int ldd) {
        if (SPECIES.length() == 16) {
            transposeStrip16(b, src, ldb, blocks, dst, dst0, ldd);
        } else {
            transposeStrip8(b, src, ldb, blocks, dst, dst0, ldd);
        }
    }

    private static void transposeStrip8(float[] b, int src, int ldb, int blocks, float[] dst, int dst0, int ldd) {
        FloatVector f0 = FloatVector.fromArray(SPECIES, SWAP_FIRST[0], 0);
        FloatVector s0 = FloatVector.fromArray(SPECIES, SWAP_SECOND[0], 0);
        FloatVector f1 = FloatVector.fromArray(SPECIES, SWAP_FIRST[1], 0);
        FloatVector s1 = FloatVector.fromArray(SPECIES, SWAP_SECOND[1], 0);
        FloatVector f2 = FloatVector.fromArray(SPECIES, SWAP_FIRST[2], 0);
        FloatVector s2 = FloatVector.fromArray(SPECIES, SWAP_SECOND[2], 0);
        for (int q = 0; q < blocks; q++, src += 8, dst0 += 8 * ldd) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, b, src);
            FloatVector x1 = FloatVector.fromArray(SPECIES, b, src + 1 * ldb);
            FloatVector x2 = FloatVector.fromArray(SPECIES, b, src + 2 * ldb);
            FloatVector x3 = FloatVector.fromArray(SPECIES, b, src + 3 * ldb);
            FloatVector x4 = FloatVector.fromArray(SPECIES, b, src + 4 * ldb);
            FloatVector x5 = FloatVector.fromArray(SPECIES, b, src + 5 * ldb);
            FloatVector x6 = FloatVector.fromArray(SPECIES, b, src + 6 * ldb);
            FloatVector x7 = FloatVector.fromArray(SPECIES, b, src + 7 * ldb);
            FloatVector a0 = f0.selectFrom(x0, x4);
            FloatVector a4 = s0.selectFrom(x0, x4);
            FloatVector a1 = f0.selectFrom(x1, x5);
            FloatVector a5 = s0.selectFrom(x1, x5);
            FloatVector a2 = f0.selectFrom(x2, x6);
            FloatVector a6 = s0.selectFrom(x2, x6);
            FloatVector a3 = f0.selectFrom(x3, x7);
            FloatVector a7 = s0.selectFrom(x3, x7);
            FloatVector b0 = f1.selectFrom(a0, a2);
            FloatVector b2 = s1.selectFrom(a0, a2);
            FloatVector b1 = f1.selectFrom(a1, a3);
            FloatVector b3 = s1.selectFrom(a1, a3);
            FloatVector b4 = f1.selectFrom(a4, a6);
            FloatVector b6 = s1.selectFrom(a4, a6);
            FloatVector b5 = f1.selectFrom(a5, a7);
            FloatVector b7 = s1.selectFrom(a5, a7);
            f2.selectFrom(b0, b1).intoArray(dst, dst0 + 0 * ldd);
            s2.selectFrom(b0, b1).intoArray(dst, dst0 + 1 * ldd);
            f2.selectFrom(b2, b3).intoArray(dst, dst0 + 2 * ldd);
            s2.selectFrom(b2, b3).intoArray(dst, dst0 + 3 * ldd);
            f2.selectFrom(b4, b5).intoArray(dst, dst0 + 4 * ldd);
            s2.selectFrom(b4, b5).intoArray(dst, dst0 + 5 * ldd);
            f2.selectFrom(b6, b7).intoArray(dst, dst0 + 6 * ldd);
            s2.selectFrom(b6, b7).intoArray(dst, dst0 + 7 * ldd);
        }
    }

    private static void transposeStrip16(float[] b, int src, int ldb, int blocks, float[] dst, int dst0, int ldd) {
        FloatVector f0 = FloatVector.fromArray(SPECIES, SWAP_FIRST[0], 0);
        FloatVector s0 = FloatVector.fromArray(SPECIES, SWAP_SECOND[0], 0);
        FloatVector f1 = FloatVector.fromArray(SPECIES, SWAP_FIRST[1], 0);
        FloatVector s1 = FloatVector.fromArray(SPECIES, SWAP_SECOND[1], 0);
        FloatVector f2 = FloatVector.fromArray(SPECIES, SWAP_FIRST[2], 0);
        FloatVector s2 = FloatVector.fromArray(SPECIES, SWAP_SECOND[2], 0);
        FloatVector f3 = FloatVector.fromArray(SPECIES, SWAP_FIRST[3], 0);
        FloatVector s3 = FloatVector.fromArray(SPECIES, SWAP_SECOND[3], 0);
        for (int q = 0; q < blocks; q++, src += 16, dst0 += 16 * ldd) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, b, src);
            FloatVector x1 = FloatVector.fromArray(SPECIES, b, src + 1 * ldb);
            FloatVector x2 = FloatVector.fromArray(SPECIES, b, src + 2 * ldb);
            FloatVector x3 = FloatVector.fromArray(SPECIES, b, src + 3 * ldb);
            FloatVector x4 = FloatVector.fromArray(SPECIES, b, src + 4 * ldb);
            FloatVector x5 = FloatVector.fromArray(SPECIES, b, src + 5 * ldb);
            FloatVector x6 = FloatVector.fromArray(SPECIES, b, src + 6 * ldb);
            FloatVector x7 = FloatVector.fromArray(SPECIES, b, src + 7 * ldb);
            FloatVector x8 = FloatVector.fromArray(SPECIES, b, src + 8 * ldb);
            FloatVector x9 = FloatVector.fromArray(SPECIES, b, src + 9 * ldb);
            FloatVector x10 = FloatVector.fromArray(SPECIES, b, src + 10 * ldb);
            FloatVector x11 = FloatVector.fromArray(SPECIES, b, src + 11 * ldb);
            FloatVector x12 = FloatVector.fromArray(SPECIES, b, src + 12 * ldb);
            FloatVector x13 = FloatVector.fromArray(SPECIES, b, src + 13 * ldb);
            FloatVector x14 = FloatVector.fromArray(SPECIES, b, src + 14 * ldb);
            FloatVector x15 = FloatVector.fromArray(SPECIES, b, src + 15 * ldb);
            FloatVector a0 = f0.selectFrom(x0, x8);
            FloatVector a8 = s0.selectFrom(x0, x8);
            FloatVector a1 = f0.selectFrom(x1, x9);
            FloatVector a9 = s0.selectFrom(x1, x9);
            FloatVector a2 = f0.selectFrom(x2, x10);
            FloatVector a10 = s0.selectFrom(x2, x10);
            FloatVector a3 = f0.selectFrom(x3, x11);
            FloatVector a11 = s0.selectFrom(x3, x11);
            FloatVector a4 = f0.selectFrom(x4, x12);
            FloatVector a12 = s0.selectFrom(x4, x12);
            FloatVector a5 = f0.selectFrom(x5, x13);
            FloatVector a13 = s0.selectFrom(x5, x13);
            FloatVector a6 = f0.selectFrom(x6, x14);
            FloatVector a14 = s0.selectFrom(x6, x14);
            FloatVector a7 = f0.selectFrom(x7, x15);
            FloatVector a15 = s0.selectFrom(x7, x15);
            FloatVector b0 = f1.selectFrom(a0, a4);
            FloatVector b4 = s1.selectFrom(a0, a4);
            FloatVector b1 = f1.selectFrom(a1, a5);
            FloatVector b5 = s1.selectFrom(a1, a5);
            FloatVector b2 = f1.selectFrom(a2, a6);
            FloatVector b6 = s1.selectFrom(a2, a6);
            FloatVector b3 = f1.selectFrom(a3, a7);
            FloatVector b7 = s1.selectFrom(a3, a7);
            FloatVector b8 = f1.selectFrom(a8, a12);
            FloatVector b12 = s1.selectFrom(a8, a12);
            FloatVector b9 = f1.selectFrom(a9, a13);
            FloatVector b13 = s1.selectFrom(a9, a13);
            FloatVector b10 = f1.selectFrom(a10, a14);
            FloatVector b14 = s1.selectFrom(a10, a14);
            FloatVector b11 = f1.selectFrom(a11, a15);
            FloatVector b15 = s1.selectFrom(a11, a15);
            FloatVector c0 = f2.selectFrom(b0, b2);
            FloatVector c2 = s2.selectFrom(b0, b2);
            FloatVector c1 = f2.selectFrom(b1, b3);
            FloatVector c3 = s2.selectFrom(b1, b3);
            FloatVector c4 = f2.selectFrom(b4, b6);
            FloatVector c6 = s2.selectFrom(b4, b6);
            FloatVector c5 = f2.selectFrom(b5, b7);
            FloatVector c7 = s2.selectFrom(b5, b7);
            FloatVector c8 = f2.selectFrom(b8, b10);
            FloatVector c10 = s2.selectFrom(b8, b10);
            FloatVector c9 = f2.selectFrom(b9, b11);
            FloatVector c11 = s2.selectFrom(b9, b11);
            FloatVector c12 = f2.selectFrom(b12, b14);
            FloatVector c14 = s2.selectFrom(b12, b14);
            FloatVector c13 = f2.selectFrom(b13, b15);
            FloatVector c15 = s2.selectFrom(b13, b15);
            f3.selectFrom(c0, c1).intoArray(dst, dst0 + 0 * ldd);
            s3.selectFrom(c0, c1).intoArray(dst, dst0 + 1 * ldd);
            f3.selectFrom(c2, c3).intoArray(dst, dst0 + 2 * ldd);
            s3.selectFrom(c2, c3).intoArray(dst, dst0 + 3 * ldd);
            f3.selectFrom(c4, c5).intoArray(dst, dst0 + 4 * ldd);
            s3.selectFrom(c4, c5).intoArray(dst, dst0 + 5 * ldd);
            f3.selectFrom(c6, c7).intoArray(dst, dst0 + 6 * ldd);
            s3.selectFrom(c6, c7).intoArray(dst, dst0 + 7 * ldd);
            f3.selectFrom(c8, c9).intoArray(dst, dst0 + 8 * ldd);
            s3.selectFrom(c8, c9).intoArray(dst, dst0 + 9 * ldd);
            f3.selectFrom(c10, c11).intoArray(dst, dst0 + 10 * ldd);
            s3.selectFrom(c10, c11).intoArray(dst, dst0 + 11 * ldd);
            f3.selectFrom(c12, c13).intoArray(dst, dst0 + 12 * ldd);
            s3.selectFrom(c12, c13).intoArray(dst, dst0 + 13 * ldd);
            f3.selectFrom(c14, c15).intoArray(dst, dst0 + 14 * ldd);
            s3.selectFrom(c14, c15).intoArray(dst, dst0 + 15 * ldd);
        }
    }
}
