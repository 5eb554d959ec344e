package dev.lanes.kernels.vector.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.lanes.kernels.vector.gemm.DoublePacking.SWAP_FIRST;
import static dev.lanes.kernels.vector.gemm.DoublePacking.SWAP_SECOND;

/**
 * The part of DoublePacking written by hand, because it depends on the lane count rather than the type: the
 * transpose of a whole strip of B (or of a transposed A) with its 8 × 8 blocks held in registers, for 8-lane vectors of
 * doubles (512-bit vectors). Everything else in the packing is generated for both precisions; this is used only
 * when the preferred species has exactly {@link #LANES} lanes ({@link #UNROLLED}), and any other width takes the generic
 * {@code DoublePacking.transposeBlock}.
 */
final class DoubleStripTranspose {
    /** The lane count this transpose is unrolled for. */
    static final int LANES = 8;

    /** Whether the preferred species has the lane count {@link #transposeStrip} is unrolled for. */
    static final boolean UNROLLED = DoubleVector.SPECIES_PREFERRED.length() == LANES;

    /**
     * Whether C2 compiles a two-vector {@code selectFrom} of the preferred double species to shuffle instructions, as
     * the generic {@code DoublePacking.transposeBlock} and the dot-product tree of {@code DoubleSmallGemm} need. Not
     * at 4 lanes: on AVX2 (256-bit vectors, no AVX-512) there is no such instruction for 4 doubles
     * (-XX:+PrintIntrinsics: "not supported: opc=491 vlen=4 etype=double"), so the Vector API runs its Java
     * fallback, which allocates (6.7 KB per 1×1×1 GEMM, 770 KB per 3×100×100 one; ZeroAllocationTest) and is
     * slower than scalar code. There, packing copies the elements one by one and the products the dot-product
     * path would take go through the blocked path.
     */
    static final boolean TWO_VECTOR_SHUFFLES = DoubleVector.SPECIES_PREFERRED.length() != 4;

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private DoubleStripTranspose() {
    }

    /**
     * {@code DoublePacking.transposeBlock} for 8 lanes, for {@code blocks} consecutive blocks along K (8 rows of b at
     * {@code src}, into dst at {@code dst0}, rows {@code ldd} apart) with the 8 rows held in registers throughout (no
     * scratch round trips between rounds): the same shuffles, unrolled, so each round's outputs stay in local
     * vectors. The index vectors are loaded and converted once per strip rather than once per block: the pack
     * ~9% faster, NT:64x256x784 +1–2%.
     */
    static void transposeStrip(double[] b, int src, int ldb, int blocks, double[] dst, int dst0, int ldd) {
        DoubleVector f0 = DoubleVector.fromArray(SPECIES, SWAP_FIRST[0], 0);
        DoubleVector s0 = DoubleVector.fromArray(SPECIES, SWAP_SECOND[0], 0);
        DoubleVector f1 = DoubleVector.fromArray(SPECIES, SWAP_FIRST[1], 0);
        DoubleVector s1 = DoubleVector.fromArray(SPECIES, SWAP_SECOND[1], 0);
        DoubleVector f2 = DoubleVector.fromArray(SPECIES, SWAP_FIRST[2], 0);
        DoubleVector s2 = DoubleVector.fromArray(SPECIES, SWAP_SECOND[2], 0);
        for (int q = 0; q < blocks; q++, src += LANES, dst0 += LANES * ldd) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, b, src);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, b, src + 1 * ldb);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, b, src + 2 * ldb);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, b, src + 3 * ldb);
            DoubleVector x4 = DoubleVector.fromArray(SPECIES, b, src + 4 * ldb);
            DoubleVector x5 = DoubleVector.fromArray(SPECIES, b, src + 5 * ldb);
            DoubleVector x6 = DoubleVector.fromArray(SPECIES, b, src + 6 * ldb);
            DoubleVector x7 = DoubleVector.fromArray(SPECIES, b, src + 7 * ldb);
            DoubleVector a0 = f0.selectFrom(x0, x4);
            DoubleVector a4 = s0.selectFrom(x0, x4);
            DoubleVector a1 = f0.selectFrom(x1, x5);
            DoubleVector a5 = s0.selectFrom(x1, x5);
            DoubleVector a2 = f0.selectFrom(x2, x6);
            DoubleVector a6 = s0.selectFrom(x2, x6);
            DoubleVector a3 = f0.selectFrom(x3, x7);
            DoubleVector a7 = s0.selectFrom(x3, x7);
            DoubleVector b0 = f1.selectFrom(a0, a2);
            DoubleVector b2 = s1.selectFrom(a0, a2);
            DoubleVector b1 = f1.selectFrom(a1, a3);
            DoubleVector b3 = s1.selectFrom(a1, a3);
            DoubleVector b4 = f1.selectFrom(a4, a6);
            DoubleVector b6 = s1.selectFrom(a4, a6);
            DoubleVector b5 = f1.selectFrom(a5, a7);
            DoubleVector b7 = s1.selectFrom(a5, a7);
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
}
