package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * Sums: a bias gradient's column sums, an L2 penalty's sum of squares and the squared-error loss, as
 * {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive validated (see {@link Gemm}). Every method
 * defaults to the scalar reference: override the ones you accelerate.
 */
public interface Reductions {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** out[j] = beta·out[j] + Σᵢ x[i][j]; {@code out} is not read when beta is 0. */
    default void columnSums(int rows, int cols, float[] x, float beta, float[] out) {
        ScalarKernels.columnSums(rows, cols, x, beta, out);
    }

    /** Σᵢ x[i]². */
    default float sumOfSquares(int n, float[] x) {
        return ScalarKernels.sumOfSquares(n, x);
    }

    /** ½·Σᵢ (prediction[i] − target[i])², and the differences into {@code gradient} unless it is {@code null}. */
    default float halfSquaredError(int n, float[] prediction, float[] target, float[] gradient) {
        return ScalarKernels.halfSquaredError(n, prediction, target, gradient);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** out[j] = beta·out[j] + Σᵢ x[i][j]; {@code out} is not read when beta is 0. */
    default void columnSums(int rows, int cols, double[] x, double beta, double[] out) {
        ScalarKernels.columnSums(rows, cols, x, beta, out);
    }

    /** Σᵢ x[i]². */
    default double sumOfSquares(int n, double[] x) {
        return ScalarKernels.sumOfSquares(n, x);
    }

    /** ½·Σᵢ (prediction[i] − target[i])², and the differences into {@code gradient} unless it is {@code null}. */
    default double halfSquaredError(int n, double[] prediction, double[] target, double[] gradient) {
        return ScalarKernels.halfSquaredError(n, prediction, target, gradient);
    }

    // ---- end of generated double half ----
}
