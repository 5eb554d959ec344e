package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * ReLU and sigmoid, forward and backward, as {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive
 * validated (see {@link Gemm}). Every method defaults to the scalar reference: override the ones you accelerate.
 */
public interface Activations {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /**
     * out[i] = max(x[i], 0).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void relu(int n, float[] x, float[] out) {
        ScalarKernels.relu(n, x, out);
    }

    /**
     * mask[i] = x[i] &gt; 0 ? 1 : 0.
     *
     * @param n the number of elements, ≥ 0
     * @param x the pre-activation, length ≥ n
     * @param mask the output, length ≥ n; may be {@code x}
     */
    default void reluMask(int n, float[] x, float[] mask) {
        ScalarKernels.reluMask(n, x, mask);
    }

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : 0 (a selection, not a product: NaN or ∞ in dy where x ≤ 0 gives 0).
     *
     * @param n the number of elements, ≥ 0
     * @param x ReLU's input or output (only its sign counts), length ≥ n
     * @param dy the gradient at ReLU's output, length ≥ n
     * @param dx the gradient at ReLU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void reluBackward(int n, float[] x, float[] dy, float[] dx) {
        ScalarKernels.reluBackward(n, x, dy, dx);
    }

    /**
     * out[i] = 1 / (1 + e^(−x[i])).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void sigmoid(int n, float[] x, float[] out) {
        ScalarKernels.sigmoid(n, x, out);
    }

    /**
     * dx[i] = dy[i]·y[i]·(1 − y[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param y sigmoid's output, length ≥ n
     * @param dy the gradient at sigmoid's output, length ≥ n
     * @param dx the gradient at sigmoid's input, length ≥ n; may be {@code y} or {@code dy}
     */
    default void sigmoidBackward(int n, float[] y, float[] dy, float[] dx) {
        ScalarKernels.sigmoidBackward(n, y, dy, dx);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /**
     * out[i] = max(x[i], 0).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void relu(int n, double[] x, double[] out) {
        ScalarKernels.relu(n, x, out);
    }

    /**
     * mask[i] = x[i] &gt; 0 ? 1 : 0.
     *
     * @param n the number of elements, ≥ 0
     * @param x the pre-activation, length ≥ n
     * @param mask the output, length ≥ n; may be {@code x}
     */
    default void reluMask(int n, double[] x, double[] mask) {
        ScalarKernels.reluMask(n, x, mask);
    }

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : 0 (a selection, not a product: NaN or ∞ in dy where x ≤ 0 gives 0).
     *
     * @param n the number of elements, ≥ 0
     * @param x ReLU's input or output (only its sign counts), length ≥ n
     * @param dy the gradient at ReLU's output, length ≥ n
     * @param dx the gradient at ReLU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void reluBackward(int n, double[] x, double[] dy, double[] dx) {
        ScalarKernels.reluBackward(n, x, dy, dx);
    }

    /**
     * out[i] = 1 / (1 + e^(−x[i])).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void sigmoid(int n, double[] x, double[] out) {
        ScalarKernels.sigmoid(n, x, out);
    }

    /**
     * dx[i] = dy[i]·y[i]·(1 − y[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param y sigmoid's output, length ≥ n
     * @param dy the gradient at sigmoid's output, length ≥ n
     * @param dx the gradient at sigmoid's input, length ≥ n; may be {@code y} or {@code dy}
     */
    default void sigmoidBackward(int n, double[] y, double[] dy, double[] dx) {
        ScalarKernels.sigmoidBackward(n, y, dy, dx);
    }

    // ---- end of generated double half ----
}
