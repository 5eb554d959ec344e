package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The row-wise operations built on a row's maximum: softmax, log-softmax (and their backward passes), softmax cross-entropy and argmax, as
 * {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive validated (see {@link Gemm}; for the
 * cross-entropy also rows &gt; 0 and labels in range). Every method defaults to the scalar reference: override
 * the ones you accelerate.
 */
public interface Rowwise {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /**
     * Row-wise softmax of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols scores, row-major
     * @param out the rows×cols probabilities; may be {@code x}
     */
    default void softmax(int rows, int cols, float[] x, float[] out) {
        ScalarKernels.softmax(rows, cols, x, out);
    }

    /**
     * Row-wise log-softmax of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols scores, row-major
     * @param out the rows×cols log-probabilities; may be {@code x}
     */
    default void logSoftmax(int rows, int cols, float[] x, float[] out) {
        ScalarKernels.logSoftmax(rows, cols, x, out);
    }

    /**
     * Softmax's backward pass from its output: dx = y ⊙ (dy − Σⱼ dyⱼyⱼ), row by row.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the rows×cols probabilities softmax gave, row-major
     * @param dy the rows×cols gradient at softmax's output
     * @param dx the rows×cols gradient at softmax's input; may be {@code y} or {@code dy}
     */
    default void softmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        ScalarKernels.softmaxBackward(rows, cols, y, dy, dx);
    }

    /**
     * Log-softmax's backward pass from its output: dx = dy − e^y·Σⱼ dyⱼ, row by row.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the rows×cols log-probabilities log-softmax gave, row-major
     * @param dy the rows×cols gradient at log-softmax's output
     * @param dx the rows×cols gradient at log-softmax's input; may be {@code y} or {@code dy}
     */
    default void logSoftmaxBackward(int rows, int cols, float[] y, float[] dy, float[] dx) {
        ScalarKernels.logSoftmaxBackward(rows, cols, y, dy, dx);
    }

    /**
     * The mean softmax cross-entropy, and its gradient when {@code gradient} is not {@code null}.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes
     * @param logits the rows×cols scores, row-major
     * @param labels each row's class, in [0, cols), length ≥ rows
     * @param gradient receives (softmax(logits) − onehot(labels)) / rows, rows×cols; may be {@code logits}, or {@code null}
     * @return the mean over the rows of −log softmax(logits)[i][labels[i]]
     */
    default float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient) {
        return ScalarKernels.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    /**
     * PyTorch's cross-entropy with class weights and label smoothing (mean reduction), and its gradient when
     * {@code gradient} is not {@code null}, as {@link dev.lanes.kernels.Kernels#crossEntropy} documents it.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes, ≥ 1
     * @param logits the rows×cols scores, row-major
     * @param labels each row's class, in [0, cols), length ≥ rows
     * @param classWeights each class's weight, finite and ≥ 0, length ≥ cols; or {@code null} for all 1
     * @param labelSmoothing ε in [0, 1]
     * @param gradient receives ∂loss/∂logits, rows×cols; may be {@code logits}, or {@code null}
     * @return the weighted mean loss
     */
    default float crossEntropy(int rows, int cols, float[] logits, int[] labels, float[] classWeights,
                               float labelSmoothing, float[] gradient) {
        return ScalarKernels.crossEntropy(rows, cols, logits, labels, classWeights, labelSmoothing, gradient);
    }

    /**
     * The column of each row's largest element (the first on ties, the first NaN if any).
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1 when rows &gt; 0
     * @param x the rows×cols scores, row-major
     * @param out each row's column index, length ≥ rows
     */
    default void argmaxRows(int rows, int cols, float[] x, int[] out) {
        ScalarKernels.argmaxRows(rows, cols, x, out);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /**
     * Row-wise softmax of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols scores, row-major
     * @param out the rows×cols probabilities; may be {@code x}
     */
    default void softmax(int rows, int cols, double[] x, double[] out) {
        ScalarKernels.softmax(rows, cols, x, out);
    }

    /**
     * Row-wise log-softmax of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the rows×cols scores, row-major
     * @param out the rows×cols log-probabilities; may be {@code x}
     */
    default void logSoftmax(int rows, int cols, double[] x, double[] out) {
        ScalarKernels.logSoftmax(rows, cols, x, out);
    }

    /**
     * Softmax's backward pass from its output: dx = y ⊙ (dy − Σⱼ dyⱼyⱼ), row by row.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the rows×cols probabilities softmax gave, row-major
     * @param dy the rows×cols gradient at softmax's output
     * @param dx the rows×cols gradient at softmax's input; may be {@code y} or {@code dy}
     */
    default void softmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        ScalarKernels.softmaxBackward(rows, cols, y, dy, dx);
    }

    /**
     * Log-softmax's backward pass from its output: dx = dy − e^y·Σⱼ dyⱼ, row by row.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param y the rows×cols log-probabilities log-softmax gave, row-major
     * @param dy the rows×cols gradient at log-softmax's output
     * @param dx the rows×cols gradient at log-softmax's input; may be {@code y} or {@code dy}
     */
    default void logSoftmaxBackward(int rows, int cols, double[] y, double[] dy, double[] dx) {
        ScalarKernels.logSoftmaxBackward(rows, cols, y, dy, dx);
    }

    /**
     * The mean softmax cross-entropy, and its gradient when {@code gradient} is not {@code null}.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes
     * @param logits the rows×cols scores, row-major
     * @param labels each row's class, in [0, cols), length ≥ rows
     * @param gradient receives (softmax(logits) − onehot(labels)) / rows, rows×cols; may be {@code logits}, or {@code null}
     * @return the mean over the rows of −log softmax(logits)[i][labels[i]]
     */
    default double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient) {
        return ScalarKernels.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    /**
     * PyTorch's cross-entropy with class weights and label smoothing (mean reduction), and its gradient when
     * {@code gradient} is not {@code null}, as {@link dev.lanes.kernels.Kernels#crossEntropy} documents it.
     *
     * @param rows the number of samples, ≥ 1
     * @param cols the number of classes, ≥ 1
     * @param logits the rows×cols scores, row-major
     * @param labels each row's class, in [0, cols), length ≥ rows
     * @param classWeights each class's weight, finite and ≥ 0, length ≥ cols; or {@code null} for all 1
     * @param labelSmoothing ε in [0, 1]
     * @param gradient receives ∂loss/∂logits, rows×cols; may be {@code logits}, or {@code null}
     * @return the weighted mean loss
     */
    default double crossEntropy(int rows, int cols, double[] logits, int[] labels, double[] classWeights,
                               double labelSmoothing, double[] gradient) {
        return ScalarKernels.crossEntropy(rows, cols, logits, labels, classWeights, labelSmoothing, gradient);
    }

    /**
     * The column of each row's largest element (the first on ties, the first NaN if any).
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1 when rows &gt; 0
     * @param x the rows×cols scores, row-major
     * @param out each row's column index, length ≥ rows
     */
    default void argmaxRows(int rows, int cols, double[] x, int[] out) {
        ScalarKernels.argmaxRows(rows, cols, x, out);
    }

    // ---- end of generated double half ----
}
