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

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** Float GEMM with a fused epilogue; {@code bias} may be {@code null}. */
    default void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc,
                      float[] bias, Activation activation) {
        ScalarKernels.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                bias, activation);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** Double GEMM with a fused epilogue; {@code bias} may be {@code null}. */
    default void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda,
                      double[] b, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc,
                      double[] bias, Activation activation) {
        ScalarKernels.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                bias, activation);
    }

    // ---- end of generated double half ----
}
