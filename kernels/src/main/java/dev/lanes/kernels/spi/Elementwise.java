package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The element-wise arithmetic of a layer: bias-add, {@code axpy} and {@code scale}, as
 * {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive validated (see {@link Gemm}). Every method
 * defaults to the scalar reference: override the ones you accelerate.
 */
public interface Elementwise {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /**
     * out[i][j] = x[i][j] + bias[j].
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols input, row-major
     * @param bias the row added to each row of x, length ≥ cols
     * @param out the rows×cols output; may be {@code x}
     */
    default void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
        ScalarKernels.addBias(rows, cols, x, bias, out);
    }

    /**
     * y[i] += alpha·x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the factor on x
     * @param x the vector added, length ≥ n
     * @param y the vector updated in place, length ≥ n
     */
    default void axpy(int n, float alpha, float[] x, float[] y) {
        ScalarKernels.axpy(n, alpha, x, y);
    }

    /**
     * x[i] *= alpha.
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the factor
     * @param x the vector scaled in place, length ≥ n
     */
    default void scale(int n, float alpha, float[] x) {
        ScalarKernels.scale(n, alpha, x);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /**
     * out[i][j] = x[i][j] + bias[j].
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols input, row-major
     * @param bias the row added to each row of x, length ≥ cols
     * @param out the rows×cols output; may be {@code x}
     */
    default void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
        ScalarKernels.addBias(rows, cols, x, bias, out);
    }

    /**
     * y[i] += alpha·x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the factor on x
     * @param x the vector added, length ≥ n
     * @param y the vector updated in place, length ≥ n
     */
    default void axpy(int n, double alpha, double[] x, double[] y) {
        ScalarKernels.axpy(n, alpha, x, y);
    }

    /**
     * x[i] *= alpha.
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the factor
     * @param x the vector scaled in place, length ≥ n
     */
    default void scale(int n, double alpha, double[] x) {
        ScalarKernels.scale(n, alpha, x);
    }

    // ---- end of generated double half ----
}
