package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarNarrowLinear;

/**
 * The narrow-weight family: an affine map y = x·Wᵀ + b whose weight W (out×in, as PyTorch's {@code nn.Linear}
 * stores it) is held in fewer than 32 bits per element and widened to float as it is read, with float
 * accumulation, as {@link dev.lanes.kernels.Kernels#linearBFloat16} and its siblings document. Float only: narrow
 * weights serve inference, which Lanes runs in float.
 *
 * <p>{@code Kernels} has validated every argument and returned early when there is no output (rows or out 0), so
 * an implementation may assume rows, out &gt; 0, in ≥ 0, arrays long enough, and y disjoint from x. Every method
 * defaults to the scalar reference: override the ones you accelerate.
 */
public interface NarrowLinear {

    /**
     * y = x·Wᵀ + b with W in bfloat16 (the upper 16 bits of a float).
     *
     * @param rows the rows of x and y, &gt; 0
     * @param in the columns of x and of W, ≥ 0
     * @param out the columns of y and the rows of W, &gt; 0
     * @param x the inputs, rows×in, row-major from index 0
     * @param weights W's bfloat16 bit patterns, out×in, row-major from index 0
     * @param bias a row of length ≥ out added to each row of y, or {@code null}
     * @param y the outputs, rows×out, row-major from index 0; only written
     */
    default void linearBFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        ScalarNarrowLinear.linearBFloat16(rows, in, out, x, weights, bias, y);
    }

    /**
     * y = x·Wᵀ + b with W in IEEE 754 binary16; otherwise as {@link #linearBFloat16}.
     *
     * @param rows the rows of x and y, &gt; 0
     * @param in the columns of x and of W, ≥ 0
     * @param out the columns of y and the rows of W, &gt; 0
     * @param x the inputs, rows×in
     * @param weights W's binary16 bit patterns, out×in
     * @param bias a row of length ≥ out, or {@code null}
     * @param y the outputs, rows×out; only written
     */
    default void linearFloat16(int rows, int in, int out, float[] x, short[] weights, float[] bias, float[] y) {
        ScalarNarrowLinear.linearFloat16(rows, in, out, x, weights, bias, y);
    }

    /**
     * y[i][j] = scales[j]·Σₚ x[i][p]·q[j][p] + b[j], with W = diag(scales)·q stored as signed bytes q and one
     * scale per output row (symmetric per-channel quantisation); otherwise as {@link #linearBFloat16}.
     *
     * @param rows the rows of x and y, &gt; 0
     * @param in the columns of x and of q, ≥ 0
     * @param out the columns of y, the rows of q and the length of scales, &gt; 0
     * @param x the inputs, rows×in
     * @param weights q, out×in
     * @param scales one factor per output row, length ≥ out
     * @param bias a row of length ≥ out, or {@code null}
     * @param y the outputs, rows×out; only written
     */
    default void linearInt8(int rows, int in, int out, float[] x, byte[] weights, float[] scales, float[] bias, float[] y) {
        ScalarNarrowLinear.linearInt8(rows, in, out, x, weights, scales, bias, y);
    }
}
