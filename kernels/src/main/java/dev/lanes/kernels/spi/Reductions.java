package dev.lanes.kernels.spi;

import dev.lanes.kernels.RegressionLoss;
import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * Sums: a bias gradient's column sums, an L2 penalty's sum of squares and the losses that are sums of element terms, as
 * {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive validated (see {@link Gemm}). Every method
 * defaults to the scalar reference: override the ones you accelerate.
 */
public interface Reductions {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /**
     * out[j] = beta·out[j] + Σᵢ x[i][j]; {@code out} is not read when beta is 0.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols matrix, row-major
     * @param beta the factor on out's old values
     * @param out the column sums, length ≥ cols; never {@code x}
     */
    default void columnSums(int rows, int cols, float[] x, float beta, float[] out) {
        ScalarKernels.columnSums(rows, cols, x, beta, out);
    }

    /**
     * Σᵢ x[i]².
     *
     * @param n the number of elements, ≥ 0
     * @param x the vector, length ≥ n
     * @return the sum of the squares of x's first n elements
     */
    default float sumOfSquares(int n, float[] x) {
        return ScalarKernels.sumOfSquares(n, x);
    }

    /**
     * ½·Σᵢ (prediction[i] − target[i])², and the differences into {@code gradient} unless it is {@code null}.
     *
     * @param n the number of elements, ≥ 0
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives prediction − target, length ≥ n; may be {@code prediction}, or {@code null}
     * @return the loss, a sum over the n elements
     */
    default float halfSquaredError(int n, float[] prediction, float[] target, float[] gradient) {
        return ScalarKernels.halfSquaredError(n, prediction, target, gradient);
    }

    /**
     * The mean binary cross-entropy with logits over rows·cols elements, and its gradient when {@code gradient}
     * is not {@code null}, as {@link dev.lanes.kernels.Kernels#binaryCrossEntropyWithLogits} documents it.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of labels per sample, ≥ 1
     * @param logits the rows×cols scores, row-major
     * @param targets the rows×cols targets, row-major
     * @param posWeight each column's weight of its positive term, length ≥ cols; or {@code null} for all 1
     * @param gradient receives ∂loss/∂logits, rows×cols; may be {@code logits}, or {@code null}
     * @return the mean loss over the elements
     */
    default float binaryCrossEntropyWithLogits(int rows, int cols, float[] logits, float[] targets, float[] posWeight,
                                               float[] gradient) {
        return ScalarKernels.binaryCrossEntropyWithLogits(rows, cols, logits, targets, posWeight, gradient);
    }

    /**
     * A regression loss's mean over n elements and its gradient when {@code gradient} is not {@code null}, as
     * {@link dev.lanes.kernels.Kernels#regressionLoss} documents it: each term ℓ(dᵢ) and each gradient element
     * ℓ′(dᵢ)·(1/n) computed with the reference's operations (the same bits), only the sum's order left free.
     *
     * @param kind the loss
     * @param parameter δ (HUBER) or β (SMOOTH_L1), checked; not read by the others
     * @param n the number of elements, ≥ 0
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives ∂mean/∂prediction, length ≥ n; may be {@code prediction} or {@code target}, or {@code null}
     * @return the mean loss over the elements, NaN when n is 0
     */
    default float regressionLoss(RegressionLoss kind, float parameter, int n, float[] prediction, float[] target,
                                 float[] gradient) {
        return ScalarKernels.regressionLoss(kind, parameter, n, prediction, target, gradient);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /**
     * out[j] = beta·out[j] + Σᵢ x[i][j]; {@code out} is not read when beta is 0.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols matrix, row-major
     * @param beta the factor on out's old values
     * @param out the column sums, length ≥ cols; never {@code x}
     */
    default void columnSums(int rows, int cols, double[] x, double beta, double[] out) {
        ScalarKernels.columnSums(rows, cols, x, beta, out);
    }

    /**
     * Σᵢ x[i]².
     *
     * @param n the number of elements, ≥ 0
     * @param x the vector, length ≥ n
     * @return the sum of the squares of x's first n elements
     */
    default double sumOfSquares(int n, double[] x) {
        return ScalarKernels.sumOfSquares(n, x);
    }

    /**
     * ½·Σᵢ (prediction[i] − target[i])², and the differences into {@code gradient} unless it is {@code null}.
     *
     * @param n the number of elements, ≥ 0
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives prediction − target, length ≥ n; may be {@code prediction}, or {@code null}
     * @return the loss, a sum over the n elements
     */
    default double halfSquaredError(int n, double[] prediction, double[] target, double[] gradient) {
        return ScalarKernels.halfSquaredError(n, prediction, target, gradient);
    }

    /**
     * The mean binary cross-entropy with logits over rows·cols elements, and its gradient when {@code gradient}
     * is not {@code null}, as {@link dev.lanes.kernels.Kernels#binaryCrossEntropyWithLogits} documents it.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of labels per sample, ≥ 1
     * @param logits the rows×cols scores, row-major
     * @param targets the rows×cols targets, row-major
     * @param posWeight each column's weight of its positive term, length ≥ cols; or {@code null} for all 1
     * @param gradient receives ∂loss/∂logits, rows×cols; may be {@code logits}, or {@code null}
     * @return the mean loss over the elements
     */
    default double binaryCrossEntropyWithLogits(int rows, int cols, double[] logits, double[] targets, double[] posWeight,
                                               double[] gradient) {
        return ScalarKernels.binaryCrossEntropyWithLogits(rows, cols, logits, targets, posWeight, gradient);
    }

    /**
     * A regression loss's mean over n elements and its gradient when {@code gradient} is not {@code null}, as
     * {@link dev.lanes.kernels.Kernels#regressionLoss} documents it: each term ℓ(dᵢ) and each gradient element
     * ℓ′(dᵢ)·(1/n) computed with the reference's operations (the same bits), only the sum's order left free.
     *
     * @param kind the loss
     * @param parameter δ (HUBER) or β (SMOOTH_L1), checked; not read by the others
     * @param n the number of elements, ≥ 0
     * @param prediction the model's outputs, length ≥ n
     * @param target the wanted outputs, length ≥ n
     * @param gradient receives ∂mean/∂prediction, length ≥ n; may be {@code prediction} or {@code target}, or {@code null}
     * @return the mean loss over the elements, NaN when n is 0
     */
    default double regressionLoss(RegressionLoss kind, double parameter, int n, double[] prediction, double[] target,
                                 double[] gradient) {
        return ScalarKernels.regressionLoss(kind, parameter, n, prediction, target, gradient);
    }

    // ---- end of generated double half ----
}
