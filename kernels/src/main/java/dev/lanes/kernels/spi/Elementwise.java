package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The element-wise arithmetic of a layer: bias-add, {@code axpy} and {@code scale}, as
 * {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive validated (see {@link Gemm}). Every method
 * defaults to the scalar reference: override the ones you accelerate.
 */
public interface Elementwise {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** out[i][j] = x[i][j] + bias[j]. */
    default void addBias(int rows, int cols, float[] x, float[] bias, float[] out) {
        ScalarKernels.addBias(rows, cols, x, bias, out);
    }

    /** y[i] += alpha·x[i]. */
    default void axpy(int n, float alpha, float[] x, float[] y) {
        ScalarKernels.axpy(n, alpha, x, y);
    }

    /** x[i] *= alpha. */
    default void scale(int n, float alpha, float[] x) {
        ScalarKernels.scale(n, alpha, x);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** out[i][j] = x[i][j] + bias[j]. */
    default void addBias(int rows, int cols, double[] x, double[] bias, double[] out) {
        ScalarKernels.addBias(rows, cols, x, bias, out);
    }

    /** y[i] += alpha·x[i]. */
    default void axpy(int n, double alpha, double[] x, double[] y) {
        ScalarKernels.axpy(n, alpha, x, y);
    }

    /** x[i] *= alpha. */
    default void scale(int n, double alpha, double[] x) {
        ScalarKernels.scale(n, alpha, x);
    }

    // ---- end of generated double half ----
}
