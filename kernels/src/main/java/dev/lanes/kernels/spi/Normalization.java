package dev.lanes.kernels.spi;

import dev.lanes.kernels.scalar.ScalarNormalization;

/**
 * Dropout and the statistics and passes of batch and layer normalisation, as {@link dev.lanes.kernels.Kernels}
 * documents them. Arguments arrive validated (see {@link Gemm}). Every method defaults to the scalar reference
 * ({@link ScalarNormalization}): override the ones you accelerate.
 */
public interface Normalization {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    /**
     * out[i] = x[i]/(1 − p) where the mask {@link ScalarNormalization#keeps keeps} element i, else 0.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param p the probability of dropping an element, in [0, 1]
     * @param seed selects the mask
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void dropout(int n, float[] x, float p, long seed, float[] out) {
        ScalarNormalization.dropout(n, x, p, seed, out);
    }

    /**
     * Dropout of relu(x) in one pass: out[i] = max(x[i], 0)/(1 − p) where the mask keeps element i, else 0.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param p the probability of dropping an element, in [0, 1]
     * @param seed selects the mask, as for {@link #dropout}
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void reluDropout(int n, float[] x, float p, long seed, float[] out) {
        ScalarNormalization.reluDropout(n, x, p, seed, out);
    }

    /**
     * The mean and the biased variance of each column of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the matrix, row-major
     * @param mean receives each column's mean, length ≥ cols
     * @param variance receives each column's Σ(x − mean)²/rows, length ≥ cols
     */
    default void columnMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        ScalarNormalization.columnMoments(rows, cols, x, mean, variance);
    }

    /**
     * The mean and the biased variance of each row of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the matrix, row-major
     * @param mean receives each row's mean, length ≥ rows
     * @param variance receives each row's Σ(x − mean)²/cols, length ≥ rows
     */
    default void rowMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        ScalarNormalization.rowMoments(rows, cols, x, mean, variance);
    }

    /**
     * out[i][j] = (x[i][j] − mean[j])·scale[j] + shift[j].
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, row-major
     * @param mean subtracted from each column, length ≥ cols
     * @param scale multiplies each column, length ≥ cols
     * @param shift added to each column, length ≥ cols
     * @param out the output, rows×cols; may be {@code x}
     */
    default void normalizeColumns(int rows, int cols, float[] x, float[] mean, float[] scale, float[] shift, float[] out) {
        ScalarNormalization.normalizeColumns(rows, cols, x, mean, scale, shift, out);
    }

    /**
     * out[i][j] = (x[i][j] − mean[i])·invStd[i]·weight[j] + bias[j].
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, row-major
     * @param mean subtracted from each row, length ≥ rows
     * @param invStd multiplies each row, length ≥ rows
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param out the output, rows×cols; may be {@code x}
     */
    default void normalizeRows(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight, float[] bias,
                               float[] out) {
        ScalarNormalization.normalizeRows(rows, cols, x, mean, invStd, weight, bias, out);
    }

    /**
     * Layer normalisation's forward pass in one call: each row's mean and biased variance (as {@link #rowMoments}),
     * invStd = 1/√(variance + eps) (in double, then rounded), and out = (x − mean)·invStd·weight + bias (as
     * {@link #normalizeRows}). A provider may fuse them so that each row is read from memory once.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the input, row-major
     * @param eps added to the variance, &gt; 0
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param mean receives each row's mean, length ≥ rows
     * @param invStd receives each row's 1/√(variance + eps), length ≥ rows
     * @param out the output, rows×cols; may be {@code x}
     */
    default void layerNormalize(int rows, int cols, float[] x, double eps, float[] weight, float[] bias, float[] mean,
                                float[] invStd, float[] out) {
        ScalarNormalization.layerNormalize(rows, cols, x, eps, weight, bias, mean, invStd, out);
    }

    /**
     * The backward pass of {@link #normalizeColumns} with scale = invStd·weight, as batch normalisation has it.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the forward pass's input
     * @param mean the mean the forward pass subtracted, length ≥ cols
     * @param invStd the forward pass's 1/√(variance + eps) per column, length ≥ cols
     * @param weight the forward pass's weight per column, length ≥ cols
     * @param batchStatistics whether mean and invStd came from x itself (training), or are constants
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x; may be {@code dy}, never another input
     * @param beta the factor on the old values of dWeight and dBias
     * @param dWeight receives beta·dWeight + Σᵢ dy·x̂ per column, length ≥ cols
     * @param dBias receives beta·dBias + Σᵢ dy per column, length ≥ cols
     */
    default void normalizeColumnsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                          boolean batchStatistics, float[] dy, float[] dx, float beta, float[] dWeight,
                                          float[] dBias) {
        ScalarNormalization.normalizeColumnsBackward(rows, cols, x, mean, invStd, weight, batchStatistics, dy, dx, beta,
                dWeight, dBias);
    }

    /**
     * The backward pass of {@link #normalizeRows} where mean and invStd are each row's own, as layer normalisation has it.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the forward pass's input
     * @param mean each row's mean, length ≥ rows
     * @param invStd each row's 1/√(variance + eps), length ≥ rows
     * @param weight the forward pass's weight per column, length ≥ cols
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x; may be {@code dy}, never another input
     * @param beta the factor on the old values of dWeight and dBias
     * @param dWeight receives beta·dWeight + Σᵢ dy·x̂ per column, length ≥ cols
     * @param dBias receives beta·dBias + Σᵢ dy per column, length ≥ cols
     */
    default void normalizeRowsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                       float[] dy, float[] dx, float beta, float[] dWeight, float[] dBias) {
        ScalarNormalization.normalizeRowsBackward(rows, cols, x, mean, invStd, weight, dy, dx, beta, dWeight, dBias);
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    /**
     * out[i] = x[i]/(1 − p) where the mask {@link ScalarNormalization#keeps keeps} element i, else 0.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param p the probability of dropping an element, in [0, 1]
     * @param seed selects the mask
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void dropout(int n, double[] x, double p, long seed, double[] out) {
        ScalarNormalization.dropout(n, x, p, seed, out);
    }

    /**
     * Dropout of relu(x) in one pass: out[i] = max(x[i], 0)/(1 − p) where the mask keeps element i, else 0.
     *
     * @param n the number of elements, ≥ 0
     * @param x the input, length ≥ n
     * @param p the probability of dropping an element, in [0, 1]
     * @param seed selects the mask, as for {@link #dropout}
     * @param out the output, length ≥ n; may be {@code x}
     */
    default void reluDropout(int n, double[] x, double p, long seed, double[] out) {
        ScalarNormalization.reluDropout(n, x, p, seed, out);
    }

    /**
     * The mean and the biased variance of each column of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the matrix, row-major
     * @param mean receives each column's mean, length ≥ cols
     * @param variance receives each column's Σ(x − mean)²/rows, length ≥ cols
     */
    default void columnMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        ScalarNormalization.columnMoments(rows, cols, x, mean, variance);
    }

    /**
     * The mean and the biased variance of each row of a rows×cols matrix.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the matrix, row-major
     * @param mean receives each row's mean, length ≥ rows
     * @param variance receives each row's Σ(x − mean)²/cols, length ≥ rows
     */
    default void rowMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        ScalarNormalization.rowMoments(rows, cols, x, mean, variance);
    }

    /**
     * out[i][j] = (x[i][j] − mean[j])·scale[j] + shift[j].
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, row-major
     * @param mean subtracted from each column, length ≥ cols
     * @param scale multiplies each column, length ≥ cols
     * @param shift added to each column, length ≥ cols
     * @param out the output, rows×cols; may be {@code x}
     */
    default void normalizeColumns(int rows, int cols, double[] x, double[] mean, double[] scale, double[] shift, double[] out) {
        ScalarNormalization.normalizeColumns(rows, cols, x, mean, scale, shift, out);
    }

    /**
     * out[i][j] = (x[i][j] − mean[i])·invStd[i]·weight[j] + bias[j].
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @param x the input, row-major
     * @param mean subtracted from each row, length ≥ rows
     * @param invStd multiplies each row, length ≥ rows
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param out the output, rows×cols; may be {@code x}
     */
    default void normalizeRows(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight, double[] bias,
                               double[] out) {
        ScalarNormalization.normalizeRows(rows, cols, x, mean, invStd, weight, bias, out);
    }

    /**
     * Layer normalisation's forward pass in one call: each row's mean and biased variance (as {@link #rowMoments}),
     * invStd = 1/√(variance + eps) (in double, then rounded), and out = (x − mean)·invStd·weight + bias (as
     * {@link #normalizeRows}). A provider may fuse them so that each row is read from memory once.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the input, row-major
     * @param eps added to the variance, &gt; 0
     * @param weight multiplies each column, length ≥ cols
     * @param bias added to each column, length ≥ cols
     * @param mean receives each row's mean, length ≥ rows
     * @param invStd receives each row's 1/√(variance + eps), length ≥ rows
     * @param out the output, rows×cols; may be {@code x}
     */
    default void layerNormalize(int rows, int cols, double[] x, double eps, double[] weight, double[] bias, double[] mean,
                                double[] invStd, double[] out) {
        ScalarNormalization.layerNormalize(rows, cols, x, eps, weight, bias, mean, invStd, out);
    }

    /**
     * The backward pass of {@link #normalizeColumns} with scale = invStd·weight, as batch normalisation has it.
     *
     * @param rows the number of rows, ≥ 1
     * @param cols the number of columns, ≥ 0
     * @param x the forward pass's input
     * @param mean the mean the forward pass subtracted, length ≥ cols
     * @param invStd the forward pass's 1/√(variance + eps) per column, length ≥ cols
     * @param weight the forward pass's weight per column, length ≥ cols
     * @param batchStatistics whether mean and invStd came from x itself (training), or are constants
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x; may be {@code dy}, never another input
     * @param beta the factor on the old values of dWeight and dBias
     * @param dWeight receives beta·dWeight + Σᵢ dy·x̂ per column, length ≥ cols
     * @param dBias receives beta·dBias + Σᵢ dy per column, length ≥ cols
     */
    default void normalizeColumnsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                          boolean batchStatistics, double[] dy, double[] dx, double beta, double[] dWeight,
                                          double[] dBias) {
        ScalarNormalization.normalizeColumnsBackward(rows, cols, x, mean, invStd, weight, batchStatistics, dy, dx, beta,
                dWeight, dBias);
    }

    /**
     * The backward pass of {@link #normalizeRows} where mean and invStd are each row's own, as layer normalisation has it.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 1
     * @param x the forward pass's input
     * @param mean each row's mean, length ≥ rows
     * @param invStd each row's 1/√(variance + eps), length ≥ rows
     * @param weight the forward pass's weight per column, length ≥ cols
     * @param dy the gradient with respect to the output, rows×cols
     * @param dx receives the gradient with respect to x; may be {@code dy}, never another input
     * @param beta the factor on the old values of dWeight and dBias
     * @param dWeight receives beta·dWeight + Σᵢ dy·x̂ per column, length ≥ cols
     * @param dBias receives beta·dBias + Σᵢ dy per column, length ≥ cols
     */
    default void normalizeRowsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                       double[] dy, double[] dx, double beta, double[] dWeight, double[] dBias) {
        ScalarNormalization.normalizeRowsBackward(rows, cols, x, mean, invStd, weight, dy, dx, beta, dWeight, dBias);
    }

    // ---- end of generated double half ----
}
