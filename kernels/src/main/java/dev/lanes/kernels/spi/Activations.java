package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The element-wise activations (ReLU, sigmoid, tanh, GELU, leaky ReLU, ELU, SiLU, softplus), forward and backward, as {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive
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

    /**
     * out[i] = tanh(x[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void tanh(int n, float[] x, float[] out) {
        ScalarKernels.tanh(n, x, out);
    }

    /**
     * dx[i] = dy[i]·(1 − y[i]²).
     *
     * @param n the number of elements, ≥ 0
     * @param y tanh's output, length ≥ n
     * @param dy the gradient at tanh's output, length ≥ n
     * @param dx the gradient at tanh's input, length ≥ n; may be {@code y} or {@code dy}
     */
    default void tanhBackward(int n, float[] y, float[] dy, float[] dx) {
        ScalarKernels.tanhBackward(n, y, dy, dx);
    }

    /**
     * out[i] = x[i]·Φ(x[i]), GELU in its exact (erf) form.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void gelu(int n, float[] x, float[] out) {
        ScalarKernels.gelu(n, x, out);
    }

    /**
     * dx[i] = dy[i]·(Φ(x[i]) + x[i]·φ(x[i])).
     *
     * @param n the number of elements, ≥ 0
     * @param x GELU's input, length ≥ n
     * @param dy the gradient at GELU's output, length ≥ n
     * @param dx the gradient at GELU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void geluBackward(int n, float[] x, float[] dy, float[] dx) {
        ScalarKernels.geluBackward(n, x, dy, dx);
    }

    /**
     * out[i] = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), GELU's tanh approximation.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void geluTanh(int n, float[] x, float[] out) {
        ScalarKernels.geluTanh(n, x, out);
    }

    /**
     * dx[i] = dy[i]·d/dx of {@link #geluTanh(int, float[], float[])} at x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param x the approximation's input, length ≥ n
     * @param dy the gradient at its output, length ≥ n
     * @param dx the gradient at its input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void geluTanhBackward(int n, float[] x, float[] dy, float[] dx) {
        ScalarKernels.geluTanhBackward(n, x, dy, dx);
    }

    /**
     * out[i] = x[i] &gt; 0 ? x[i] : slope·x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param slope the factor for x ≤ 0, finite
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void leakyRelu(int n, float slope, float[] x, float[] out) {
        ScalarKernels.leakyRelu(n, slope, x, out);
    }

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : slope·dy[i].
     *
     * @param n the number of elements, ≥ 0
     * @param slope the factor for x ≤ 0, finite
     * @param x the input (or the output, when slope &gt; 0: only its sign counts), length ≥ n
     * @param dy the gradient at the output, length ≥ n
     * @param dx the gradient at the input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void leakyReluBackward(int n, float slope, float[] x, float[] dy, float[] dx) {
        ScalarKernels.leakyReluBackward(n, slope, x, dy, dx);
    }

    /**
     * out[i] = x[i] &gt; 0 ? x[i] : alpha·(e^x[i] − 1).
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the scale of the negative part, finite
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void elu(int n, float alpha, float[] x, float[] out) {
        ScalarKernels.elu(n, alpha, x, out);
    }

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : dy[i]·alpha·e^x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the scale of the negative part, finite
     * @param x ELU's input, length ≥ n
     * @param dy the gradient at ELU's output, length ≥ n
     * @param dx the gradient at ELU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void eluBackward(int n, float alpha, float[] x, float[] dy, float[] dx) {
        ScalarKernels.eluBackward(n, alpha, x, dy, dx);
    }

    /**
     * out[i] = x[i]·σ(x[i]) = x[i] / (1 + e^−x[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void silu(int n, float[] x, float[] out) {
        ScalarKernels.silu(n, x, out);
    }

    /**
     * dx[i] = dy[i]·σ(x[i])·(1 + x[i]·(1 − σ(x[i]))).
     *
     * @param n the number of elements, ≥ 0
     * @param x SiLU's input, length ≥ n
     * @param dy the gradient at SiLU's output, length ≥ n
     * @param dx the gradient at SiLU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void siluBackward(int n, float[] x, float[] dy, float[] dx) {
        ScalarKernels.siluBackward(n, x, dy, dx);
    }

    /**
     * out[i] = beta·x[i] &gt; threshold ? x[i] : log(1 + e^(beta·x[i])) / beta.
     *
     * @param n the number of elements, ≥ 0
     * @param beta the sharpness, finite and &gt; 0
     * @param threshold where the linear regime starts (in units of beta·x), not NaN
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void softplus(int n, float beta, float threshold, float[] x, float[] out) {
        ScalarKernels.softplus(n, beta, threshold, x, out);
    }

    /**
     * dx[i] = beta·x[i] &gt; threshold ? dy[i] : dy[i]·σ(beta·x[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param beta the sharpness, finite and &gt; 0
     * @param threshold where the linear regime starts (in units of beta·x), not NaN
     * @param x softplus's input, length ≥ n
     * @param dy the gradient at softplus's output, length ≥ n
     * @param dx the gradient at softplus's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void softplusBackward(int n, float beta, float threshold, float[] x, float[] dy, float[] dx) {
        ScalarKernels.softplusBackward(n, beta, threshold, x, dy, dx);
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

    /**
     * out[i] = tanh(x[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void tanh(int n, double[] x, double[] out) {
        ScalarKernels.tanh(n, x, out);
    }

    /**
     * dx[i] = dy[i]·(1 − y[i]²).
     *
     * @param n the number of elements, ≥ 0
     * @param y tanh's output, length ≥ n
     * @param dy the gradient at tanh's output, length ≥ n
     * @param dx the gradient at tanh's input, length ≥ n; may be {@code y} or {@code dy}
     */
    default void tanhBackward(int n, double[] y, double[] dy, double[] dx) {
        ScalarKernels.tanhBackward(n, y, dy, dx);
    }

    /**
     * out[i] = x[i]·Φ(x[i]), GELU in its exact (erf) form.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void gelu(int n, double[] x, double[] out) {
        ScalarKernels.gelu(n, x, out);
    }

    /**
     * dx[i] = dy[i]·(Φ(x[i]) + x[i]·φ(x[i])).
     *
     * @param n the number of elements, ≥ 0
     * @param x GELU's input, length ≥ n
     * @param dy the gradient at GELU's output, length ≥ n
     * @param dx the gradient at GELU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void geluBackward(int n, double[] x, double[] dy, double[] dx) {
        ScalarKernels.geluBackward(n, x, dy, dx);
    }

    /**
     * out[i] = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), GELU's tanh approximation.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void geluTanh(int n, double[] x, double[] out) {
        ScalarKernels.geluTanh(n, x, out);
    }

    /**
     * dx[i] = dy[i]·d/dx of {@link #geluTanh(int, double[], double[])} at x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param x the approximation's input, length ≥ n
     * @param dy the gradient at its output, length ≥ n
     * @param dx the gradient at its input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void geluTanhBackward(int n, double[] x, double[] dy, double[] dx) {
        ScalarKernels.geluTanhBackward(n, x, dy, dx);
    }

    /**
     * out[i] = x[i] &gt; 0 ? x[i] : slope·x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param slope the factor for x ≤ 0, finite
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void leakyRelu(int n, double slope, double[] x, double[] out) {
        ScalarKernels.leakyRelu(n, slope, x, out);
    }

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : slope·dy[i].
     *
     * @param n the number of elements, ≥ 0
     * @param slope the factor for x ≤ 0, finite
     * @param x the input (or the output, when slope &gt; 0: only its sign counts), length ≥ n
     * @param dy the gradient at the output, length ≥ n
     * @param dx the gradient at the input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void leakyReluBackward(int n, double slope, double[] x, double[] dy, double[] dx) {
        ScalarKernels.leakyReluBackward(n, slope, x, dy, dx);
    }

    /**
     * out[i] = x[i] &gt; 0 ? x[i] : alpha·(e^x[i] − 1).
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the scale of the negative part, finite
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void elu(int n, double alpha, double[] x, double[] out) {
        ScalarKernels.elu(n, alpha, x, out);
    }

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : dy[i]·alpha·e^x[i].
     *
     * @param n the number of elements, ≥ 0
     * @param alpha the scale of the negative part, finite
     * @param x ELU's input, length ≥ n
     * @param dy the gradient at ELU's output, length ≥ n
     * @param dx the gradient at ELU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void eluBackward(int n, double alpha, double[] x, double[] dy, double[] dx) {
        ScalarKernels.eluBackward(n, alpha, x, dy, dx);
    }

    /**
     * out[i] = x[i]·σ(x[i]) = x[i] / (1 + e^−x[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void silu(int n, double[] x, double[] out) {
        ScalarKernels.silu(n, x, out);
    }

    /**
     * dx[i] = dy[i]·σ(x[i])·(1 + x[i]·(1 − σ(x[i]))).
     *
     * @param n the number of elements, ≥ 0
     * @param x SiLU's input, length ≥ n
     * @param dy the gradient at SiLU's output, length ≥ n
     * @param dx the gradient at SiLU's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void siluBackward(int n, double[] x, double[] dy, double[] dx) {
        ScalarKernels.siluBackward(n, x, dy, dx);
    }

    /**
     * out[i] = beta·x[i] &gt; threshold ? x[i] : log(1 + e^(beta·x[i])) / beta.
     *
     * @param n the number of elements, ≥ 0
     * @param beta the sharpness, finite and &gt; 0
     * @param threshold where the linear regime starts (in units of beta·x), not NaN
     * @param x the input, length ≥ n
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void softplus(int n, double beta, double threshold, double[] x, double[] out) {
        ScalarKernels.softplus(n, beta, threshold, x, out);
    }

    /**
     * dx[i] = beta·x[i] &gt; threshold ? dy[i] : dy[i]·σ(beta·x[i]).
     *
     * @param n the number of elements, ≥ 0
     * @param beta the sharpness, finite and &gt; 0
     * @param threshold where the linear regime starts (in units of beta·x), not NaN
     * @param x softplus's input, length ≥ n
     * @param dy the gradient at softplus's output, length ≥ n
     * @param dx the gradient at softplus's input, length ≥ n; may be {@code x} or {@code dy}
     */
    default void softplusBackward(int n, double beta, double threshold, double[] x, double[] dy, double[] dx) {
        ScalarKernels.softplusBackward(n, beta, threshold, x, dy, dx);
    }

    // ---- end of generated double half ----
}
