package dev.lanes.kernels.spi;

import dev.lanes.kernels.Activation;
import dev.lanes.kernels.Transpose;
import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The GEMM family: C = act(alpha·op(A)·op(B) + beta·C + bias), as {@link dev.lanes.kernels.Kernels#gemm} documents.
 * {@code Kernels} has validated every argument and returned early for an empty C (m or n 0), so an
 * implementation may assume m, n &gt; 0, k ≥ 0, arrays long enough for their offsets and leading dimensions, and
 * C disjoint from A and B. Every method defaults to the scalar reference: override the ones you accelerate.
 */
public interface Gemm {

    /**
     * Whether {@link #gemm} applies {@code activation} itself. The default is true for {@link Activation#IDENTITY}
     * and {@link Activation#RELU} only, the epilogue's first two, so that a provider written before GELU joined
     * them stays correct: for any other activation {@code Kernels} asks this GEMM for the plain product and then
     * applies the activation with the provider's {@link Activations} family, one more pass over C. A provider
     * that fuses more returns true for it, and must then give the bits of that product followed by its
     * activation kernel.
     *
     * @param activation an epilogue activation
     * @return true if {@link #gemm} may be given {@code activation}
     */
    default boolean fusesEpilogue(Activation activation) {
        return activation == Activation.IDENTITY || activation == Activation.RELU;
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /**
     * Float GEMM with a fused epilogue; {@code bias} may be {@code null}.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m the rows of op(A) and C, &gt; 0
     * @param n the columns of op(B) and C, &gt; 0
     * @param k the inner dimension, ≥ 0
     * @param alpha the factor on op(A)·op(B)
     * @param a A's storage
     * @param aOffset the index of A's first element in {@code a}
     * @param lda the distance in {@code a} between two stored rows of A
     * @param b B's storage
     * @param bOffset the index of B's first element in {@code b}
     * @param ldb the distance in {@code b} between two stored rows of B
     * @param beta the factor on C's old values; C is not read when it is 0
     * @param c C's storage, disjoint from A's and B's
     * @param cOffset the index of C's first element in {@code c}
     * @param ldc the distance in {@code c} between two rows of C
     * @param bias a row of length ≥ n added to each row of C, or {@code null}
     * @param activation applied to each element of C as it is stored; one {@link #fusesEpilogue} accepts
     */
    default void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc,
                      float[] bias, Activation activation) {
        ScalarKernels.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                bias, activation);
    }

    /**
     * The length of the array {@link #pack} fills for an op(B) of k × n floats (k, n &gt; 0). The layout is the
     * implementation's own; the default, the reference's, is op(B) as k rows of n.
     *
     * @param k the rows of op(B)
     * @param n the columns of op(B)
     * @return the number of floats, which {@code Kernels} checks fits an array
     */
    default long floatPackedLength(int k, int n) {
        return (long) k * n;
    }

    /**
     * Packs op(B), k × n, once into the layout this implementation's {@link #gemmPacked} reads: for a B multiplied
     * many times, as a layer's weights are at inference, what {@link #gemm} would otherwise pack at every call (as
     * BLAS libraries' {@code sgemm_pack} / {@code sgemm_compute}). An implementation overrides this,
     * {@link #floatPackedLength} and {@link #gemmPacked} together, or none of them. Arguments validated; k, n &gt; 0.
     *
     * @param transB whether B is stored transposed
     * @param k the rows of op(B)
     * @param n the columns of op(B)
     * @param b B's storage
     * @param bOffset the index of B's first element in {@code b}
     * @param ldb the distance in {@code b} between two stored rows of B
     * @param packed the destination, {@link #floatPackedLength} long
     */
    default void pack(Transpose transB, int k, int n, float[] b, int bOffset, int ldb, float[] packed) {
        ScalarKernels.pack(transB, k, n, b, bOffset, ldb, packed);
    }

    /**
     * C = act(alpha·op(A)·op(B) + beta·C + bias) as {@link #gemm}, with op(B) (k × n) given as {@link #pack} packed
     * it. Arguments validated as for {@code gemm}; m, n &gt; 0, k &gt; 0, and {@code activation} one that
     * {@link #fusesEpilogue} accepts.
     *
     * @param transA whether A is stored transposed
     * @param m the rows of op(A) and C
     * @param n the columns of op(B) and C
     * @param k the inner dimension
     * @param alpha the factor on op(A)·op(B)
     * @param a A's storage
     * @param aOffset the index of A's first element in {@code a}
     * @param lda the distance in {@code a} between two stored rows of A
     * @param packed op(B) as this implementation's {@link #pack} packed it
     * @param beta the factor on C's old values; C is not read when it is 0
     * @param c C's storage, disjoint from A's
     * @param cOffset the index of C's first element in {@code c}
     * @param ldc the distance in {@code c} between two rows of C
     * @param bias a row of length ≥ n added to each row of C, or {@code null}
     * @param activation applied to each element of C as it is stored
     */
    default void gemmPacked(Transpose transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                            float[] packed, float beta, float[] c, int cOffset, int ldc,
                            float[] bias, Activation activation) {
        ScalarKernels.gemm(transA, Transpose.NONE, m, n, k, alpha, a, aOffset, lda, packed, 0, n, beta, c, cOffset, ldc,
                bias, activation);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /**
     * Double GEMM with a fused epilogue; {@code bias} may be {@code null}.
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m the rows of op(A) and C, &gt; 0
     * @param n the columns of op(B) and C, &gt; 0
     * @param k the inner dimension, ≥ 0
     * @param alpha the factor on op(A)·op(B)
     * @param a A's storage
     * @param aOffset the index of A's first element in {@code a}
     * @param lda the distance in {@code a} between two stored rows of A
     * @param b B's storage
     * @param bOffset the index of B's first element in {@code b}
     * @param ldb the distance in {@code b} between two stored rows of B
     * @param beta the factor on C's old values; C is not read when it is 0
     * @param c C's storage, disjoint from A's and B's
     * @param cOffset the index of C's first element in {@code c}
     * @param ldc the distance in {@code c} between two rows of C
     * @param bias a row of length ≥ n added to each row of C, or {@code null}
     * @param activation applied to each element of C as it is stored; one {@link #fusesEpilogue} accepts
     */
    default void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda,
                      double[] b, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc,
                      double[] bias, Activation activation) {
        ScalarKernels.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                bias, activation);
    }

    /**
     * The length of the array {@link #pack} fills for an op(B) of k × n doubles (k, n &gt; 0). The layout is the
     * implementation's own; the default, the reference's, is op(B) as k rows of n.
     *
     * @param k the rows of op(B)
     * @param n the columns of op(B)
     * @return the number of doubles, which {@code Kernels} checks fits an array
     */
    default long doublePackedLength(int k, int n) {
        return (long) k * n;
    }

    /**
     * Packs op(B), k × n, once into the layout this implementation's {@link #gemmPacked} reads: for a B multiplied
     * many times, as a layer's weights are at inference, what {@link #gemm} would otherwise pack at every call (as
     * BLAS libraries' {@code sgemm_pack} / {@code sgemm_compute}). An implementation overrides this,
     * {@link #doublePackedLength} and {@link #gemmPacked} together, or none of them. Arguments validated; k, n &gt; 0.
     *
     * @param transB whether B is stored transposed
     * @param k the rows of op(B)
     * @param n the columns of op(B)
     * @param b B's storage
     * @param bOffset the index of B's first element in {@code b}
     * @param ldb the distance in {@code b} between two stored rows of B
     * @param packed the destination, {@link #doublePackedLength} long
     */
    default void pack(Transpose transB, int k, int n, double[] b, int bOffset, int ldb, double[] packed) {
        ScalarKernels.pack(transB, k, n, b, bOffset, ldb, packed);
    }

    /**
     * C = act(alpha·op(A)·op(B) + beta·C + bias) as {@link #gemm}, with op(B) (k × n) given as {@link #pack} packed
     * it. Arguments validated as for {@code gemm}; m, n &gt; 0, k &gt; 0, and {@code activation} one that
     * {@link #fusesEpilogue} accepts.
     *
     * @param transA whether A is stored transposed
     * @param m the rows of op(A) and C
     * @param n the columns of op(B) and C
     * @param k the inner dimension
     * @param alpha the factor on op(A)·op(B)
     * @param a A's storage
     * @param aOffset the index of A's first element in {@code a}
     * @param lda the distance in {@code a} between two stored rows of A
     * @param packed op(B) as this implementation's {@link #pack} packed it
     * @param beta the factor on C's old values; C is not read when it is 0
     * @param c C's storage, disjoint from A's
     * @param cOffset the index of C's first element in {@code c}
     * @param ldc the distance in {@code c} between two rows of C
     * @param bias a row of length ≥ n added to each row of C, or {@code null}
     * @param activation applied to each element of C as it is stored
     */
    default void gemmPacked(Transpose transA, int m, int n, int k, double alpha, double[] a, int aOffset, int lda,
                            double[] packed, double beta, double[] c, int cOffset, int ldc,
                            double[] bias, Activation activation) {
        ScalarKernels.gemm(transA, Transpose.NONE, m, n, k, alpha, a, aOffset, lda, packed, 0, n, beta, c, cOffset, ldc,
                bias, activation);
    }

    // ---- end of generated double half ----
}
