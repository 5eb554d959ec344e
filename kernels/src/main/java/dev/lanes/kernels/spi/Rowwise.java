package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarKernels;

/**
 * The row-wise operations built on a row's maximum: softmax, log-softmax, softmax cross-entropy and argmax, as
 * {@link dev.lanes.kernels.Kernels} documents them. Arguments arrive validated (see {@link Gemm}; for the
 * cross-entropy also rows &gt; 0 and labels in range). Every method defaults to the scalar reference: override
 * the ones you accelerate.
 */
public interface Rowwise {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /** Row-wise softmax of a rows×cols matrix. */
    default void softmax(int rows, int cols, float[] x, float[] out) {
        ScalarKernels.softmax(rows, cols, x, out);
    }

    /** Row-wise log-softmax of a rows×cols matrix. */
    default void logSoftmax(int rows, int cols, float[] x, float[] out) {
        ScalarKernels.logSoftmax(rows, cols, x, out);
    }

    /** The mean softmax cross-entropy, and its gradient when {@code gradient} is not {@code null}. */
    default float softmaxCrossEntropy(int rows, int cols, float[] logits, int[] labels, float[] gradient) {
        return ScalarKernels.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    /** The column of each row's largest element (the first on ties, the first NaN if any). */
    default void argmaxRows(int rows, int cols, float[] x, int[] out) {
        ScalarKernels.argmaxRows(rows, cols, x, out);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /** Row-wise softmax of a rows×cols matrix. */
    default void softmax(int rows, int cols, double[] x, double[] out) {
        ScalarKernels.softmax(rows, cols, x, out);
    }

    /** Row-wise log-softmax of a rows×cols matrix. */
    default void logSoftmax(int rows, int cols, double[] x, double[] out) {
        ScalarKernels.logSoftmax(rows, cols, x, out);
    }

    /** The mean softmax cross-entropy, and its gradient when {@code gradient} is not {@code null}. */
    default double softmaxCrossEntropy(int rows, int cols, double[] logits, int[] labels, double[] gradient) {
        return ScalarKernels.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
    }

    /** The column of each row's largest element (the first on ties, the first NaN if any). */
    default void argmaxRows(int rows, int cols, double[] x, int[] out) {
        ScalarKernels.argmaxRows(rows, cols, x, out);
    }

    // ---- end of generated double half ----
}
