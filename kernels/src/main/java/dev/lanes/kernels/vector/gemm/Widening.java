package dev.lanes.kernels.vector.gemm;

/**
 * The B operand of a GEMM held in a narrower format (bfloat16, binary16, scaled int8 weights) and widened to the
 * GEMM's element type once per call: by {@link FloatPacking#packB} as it packs each panel on the blocked path, a
 * chunk of columns at a time into a buffer on the paths that read B in place ({@link FloatJob}), so a product with
 * narrow weights runs the float arithmetic with no whole second copy of B in memory (see {@link VectorGemm}'s
 * widening entry).
 *
 * <p>Addresses are those B would have if it were an array: element (r, c) of a block starts at
 * {@code from + r·ld + c}, so the GEMM's offsets, leading dimension and thread split apply unchanged.
 *
 * @param <T> the GEMM's element array type, {@code float[]} (or {@code double[]} in the generated twin)
 */
public interface Widening<T> {

    /**
     * Writes the widened {@code rows × cols} block whose element (r, c) sits at {@code from + r·ld + c} of the
     * narrow source to {@code dst[dstOffset + r·ldd + c]}. Must be exact or at least the same value for the same
     * element on every call, so a product's bits do not depend on how it is blocked or split over threads.
     */
    void widen(int from, int ld, int rows, int cols, T dst, int dstOffset, int ldd);
}
