package dev.lanes.kernels.scalar;

/**
 * The reference implementation of the normalisation family ({@link dev.lanes.kernels.spi.Normalization}): dropout,
 * the moments of columns and rows, and the normalising passes of batch and layer normalisation, forward and
 * backward. Plain loops, summing in index order in the element type, with no fused multiply-add (a product, then a
 * sum); {@link dev.lanes.kernels.Kernels} documents what each method computes. Arguments arrive validated.
 *
 * <p>Dropout's mask is a pure function of the seed and the element's index (a counter-based generator, as
 * Philox is for PyTorch on GPUs), so the backward pass recomputes it instead of reading a stored mask, a vector
 * implementation computes it lane by lane with the same bits, and the mask is the same in float and double.
 */
public final class ScalarNormalization {

    /** The probability resolution of dropout's mask: an element's draw is uniform over [0, 2²⁴). */
    private static final int DRAW_BITS = 24;

    private ScalarNormalization() {
    }

    /**
     * The 32-bit hash of element {@code index} under {@code seed}: MurmurHash3's finaliser applied twice, with each
     * half of the seed mixed in, so that every bit of seed and index reaches every bit of the result.
     *
     * @param seed the mask's seed
     * @param index the element's index
     * @return the hash, uniform over all {@code int}s as far as dropout can tell
     */
    public static int hash(long seed, int index) {
        int h = finalMix((index * 0x9E3779B9) ^ (int) seed);
        return finalMix(h ^ (int) (seed >>> 32));
    }

    /** MurmurHash3's fmix32: a bijection of int whose every output bit depends on every input bit. */
    static int finalMix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * The draw below which dropout drops an element: round(p·2²⁴), so that an element is dropped with probability p
     * to within 2⁻²⁵.
     *
     * @param p the drop probability, in [0, 1]
     * @return the threshold, in [0, 2²⁴]
     */
    public static int dropThreshold(double p) {
        return (int) Math.round(p * (1 << DRAW_BITS));
    }

    /**
     * Whether dropout keeps element {@code index}: the hash's top 24 bits, a draw uniform over [0, 2²⁴), reach the
     * threshold.
     *
     * @param seed the mask's seed
     * @param index the element's index
     * @param threshold {@link #dropThreshold} of the drop probability
     * @return true if the element is kept (and scaled), false if it is dropped
     */
    public static boolean keeps(long seed, int index, int threshold) {
        return hash(seed, index) >>> (32 - DRAW_BITS) >= threshold;
    }

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    public static void dropout(int n, float[] x, float p, long seed, float[] out) {
        dropout(0, n, x, p, seed, out);
    }

    /** dropout on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void dropout(int from, int n, float[] x, float p, long seed, float[] out) {
        dropout(from, n, x, p, seed, false, out);
    }

    public static void reluDropout(int n, float[] x, float p, long seed, float[] out) {
        dropout(0, n, x, p, seed, true, out);
    }

    /** reluDropout on elements [from, n) only. */
    public static void reluDropout(int from, int n, float[] x, float p, long seed, float[] out) {
        dropout(from, n, x, p, seed, true, out);
    }

    /** Dropout of x, or of relu(x) = max(x, 0) when {@code rectify}: the ReLU's own expression, so the bits are the same. */
    private static void dropout(int from, int n, float[] x, float p, long seed, boolean rectify, float[] out) {
        int threshold = dropThreshold(p);
        float scale = 1 / (1 - p);
        for (int i = from; i < n; i++) {
            // A selection, not a product with a 0/1 mask: a dropped element is 0 even where x is NaN or infinite.
            out[i] = keeps(seed, i, threshold) ? (rectify ? Math.max(x[i], 0f) : x[i]) * scale : 0;
        }
    }

    public static void columnMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        columnMoments(rows, 0, cols, x, mean, variance);
    }

    /** columnMoments of columns [from, cols) only. */
    public static void columnMoments(int rows, int from, int cols, float[] x, float[] mean, float[] variance) {
        for (int j = from; j < cols; j++) {
            float sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += x[i * cols + j];
            }
            float m = sum / rows;
            // Two passes: the squares of deviations, not E[x²] − E[x]², which cancels catastrophically.
            float squares = 0;
            for (int i = 0; i < rows; i++) {
                float d = x[i * cols + j] - m;
                squares += d * d;
            }
            mean[j] = m;
            variance[j] = squares / rows;
        }
    }

    public static void rowMoments(int rows, int cols, float[] x, float[] mean, float[] variance) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += x[row + j];
            }
            float m = sum / cols;
            float squares = 0;
            for (int j = 0; j < cols; j++) {
                float d = x[row + j] - m;
                squares += d * d;
            }
            mean[i] = m;
            variance[i] = squares / cols;
        }
    }

    public static void normalizeColumns(int rows, int cols, float[] x, float[] mean, float[] scale, float[] shift, float[] out) {
        normalizeColumns(rows, 0, cols, x, mean, scale, shift, out);
    }

    /** normalizeColumns of columns [from, cols) only. */
    public static void normalizeColumns(int rows, int from, int cols, float[] x, float[] mean, float[] scale, float[] shift,
                                        float[] out) {
        for (int i = 0; i < rows; i++) {
            for (int j = from; j < cols; j++) {
                int k = i * cols + j;
                out[k] = (x[k] - mean[j]) * scale[j] + shift[j];
            }
        }
    }

    public static void normalizeRows(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                     float[] bias, float[] out) {
        normalizeRows(rows, 0, cols, x, mean, invStd, weight, bias, out);
    }

    /** normalizeRows of columns [from, cols) only. */
    public static void normalizeRows(int rows, int from, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                     float[] bias, float[] out) {
        for (int i = 0; i < rows; i++) {
            float m = mean[i], s = invStd[i];
            for (int j = from; j < cols; j++) {
                int k = i * cols + j;
                out[k] = (x[k] - m) * s * weight[j] + bias[j];
            }
        }
    }

    /** rowMoments, then invStd = 1/√(variance + eps) in double (rounded), then normalizeRows: LayerNorm's forward pass. */
    public static void layerNormalize(int rows, int cols, float[] x, double eps, float[] weight, float[] bias, float[] mean,
                                      float[] invStd, float[] out) {
        rowMoments(rows, cols, x, mean, invStd);
        for (int i = 0; i < rows; i++) {
            invStd[i] = (float) (1 / Math.sqrt(invStd[i] + eps));
        }
        normalizeRows(rows, cols, x, mean, invStd, weight, bias, out);
    }

    public static void normalizeColumnsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                                boolean batchStatistics, float[] dy, float[] dx, float beta,
                                                float[] dWeight, float[] dBias) {
        normalizeColumnsBackward(rows, 0, cols, x, mean, invStd, weight, batchStatistics, dy, dx, beta, dWeight, dBias);
    }

    /** normalizeColumnsBackward of columns [from, cols) only. */
    public static void normalizeColumnsBackward(int rows, int from, int cols, float[] x, float[] mean, float[] invStd,
                                                float[] weight, boolean batchStatistics, float[] dy, float[] dx,
                                                float beta, float[] dWeight, float[] dBias) {
        for (int j = from; j < cols; j++) {
            float m = mean[j], s = invStd[j];
            float sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < rows; i++) {
                int k = i * cols + j;
                float g = dy[k];
                sumDy += g;
                sumDyXhat += g * ((x[k] - m) * s);
            }
            float a = weight[j] * s;
            if (batchStatistics) {
                // The mean and the variance depend on every row: x̂'s gradient loses its mean and its projection on x̂.
                float meanDy = sumDy / rows, meanDyXhat = sumDyXhat / rows;
                for (int i = 0; i < rows; i++) {
                    int k = i * cols + j;
                    dx[k] = a * (dy[k] - meanDy - (x[k] - m) * s * meanDyXhat);
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    int k = i * cols + j;
                    dx[k] = a * dy[k];
                }
            }
            dWeight[j] = beta == 0 ? sumDyXhat : beta * dWeight[j] + sumDyXhat;
            dBias[j] = beta == 0 ? sumDy : beta * dBias[j] + sumDy;
        }
    }

    public static void normalizeRowsBackward(int rows, int cols, float[] x, float[] mean, float[] invStd, float[] weight,
                                             float[] dy, float[] dx, float beta, float[] dWeight, float[] dBias) {
        normalizeRowsParameterGradients(rows, 0, cols, x, mean, invStd, dy, beta, dWeight, dBias);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            float m = mean[i], s = invStd[i];
            float sumG = 0, sumGXhat = 0;
            for (int j = 0; j < cols; j++) {
                float g = dy[row + j] * weight[j];
                sumG += g;
                sumGXhat += g * ((x[row + j] - m) * s);
            }
            normalizeRowsInputGradient(row, 0, cols, x, m, s, weight, dy, sumG / cols, sumGXhat / cols, dx);
        }
    }

    /**
     * The first pass of normalizeRowsBackward, on columns [from, cols): dWeight = beta·dWeight + Σᵢ dy·x̂ and
     * dBias = beta·dBias + Σᵢ dy, summed over the rows in order (before dx, which may be dy, is written).
     */
    public static void normalizeRowsParameterGradients(int rows, int from, int cols, float[] x, float[] mean, float[] invStd,
                                                       float[] dy, float beta, float[] dWeight, float[] dBias) {
        for (int j = from; j < cols; j++) {
            float sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < rows; i++) {
                int k = i * cols + j;
                float g = dy[k];
                sumDy += g;
                sumDyXhat += g * ((x[k] - mean[i]) * invStd[i]);
            }
            dWeight[j] = beta == 0 ? sumDyXhat : beta * dWeight[j] + sumDyXhat;
            dBias[j] = beta == 0 ? sumDy : beta * dBias[j] + sumDy;
        }
    }

    /**
     * dx of one row, columns [from, cols), once the row's means of g = dy·weight and of g·x̂ are known:
     * dx = invStd·(g − mean(g) − x̂·mean(g·x̂)).
     */
    public static void normalizeRowsInputGradient(int row, int from, int cols, float[] x, float mean, float invStd,
                                                  float[] weight, float[] dy, float meanG, float meanGXhat, float[] dx) {
        for (int j = from; j < cols; j++) {
            int k = row + j;
            dx[k] = invStd * (dy[k] * weight[j] - meanG - (x[k] - mean) * invStd * meanGXhat);
        }
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    public static void dropout(int n, double[] x, double p, long seed, double[] out) {
        dropout(0, n, x, p, seed, out);
    }

    /** dropout on elements [from, n) only: the elements a vector provider leaves after whole vectors. */
    public static void dropout(int from, int n, double[] x, double p, long seed, double[] out) {
        dropout(from, n, x, p, seed, false, out);
    }

    public static void reluDropout(int n, double[] x, double p, long seed, double[] out) {
        dropout(0, n, x, p, seed, true, out);
    }

    /** reluDropout on elements [from, n) only. */
    public static void reluDropout(int from, int n, double[] x, double p, long seed, double[] out) {
        dropout(from, n, x, p, seed, true, out);
    }

    /** Dropout of x, or of relu(x) = max(x, 0) when {@code rectify}: the ReLU's own expression, so the bits are the same. */
    private static void dropout(int from, int n, double[] x, double p, long seed, boolean rectify, double[] out) {
        int threshold = dropThreshold(p);
        double scale = 1 / (1 - p);
        for (int i = from; i < n; i++) {
            // A selection, not a product with a 0/1 mask: a dropped element is 0 even where x is NaN or infinite.
            out[i] = keeps(seed, i, threshold) ? (rectify ? Math.max(x[i], 0d) : x[i]) * scale : 0;
        }
    }

    public static void columnMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        columnMoments(rows, 0, cols, x, mean, variance);
    }

    /** columnMoments of columns [from, cols) only. */
    public static void columnMoments(int rows, int from, int cols, double[] x, double[] mean, double[] variance) {
        for (int j = from; j < cols; j++) {
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += x[i * cols + j];
            }
            double m = sum / rows;
            // Two passes: the squares of deviations, not E[x²] − E[x]², which cancels catastrophically.
            double squares = 0;
            for (int i = 0; i < rows; i++) {
                double d = x[i * cols + j] - m;
                squares += d * d;
            }
            mean[j] = m;
            variance[j] = squares / rows;
        }
    }

    public static void rowMoments(int rows, int cols, double[] x, double[] mean, double[] variance) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += x[row + j];
            }
            double m = sum / cols;
            double squares = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[row + j] - m;
                squares += d * d;
            }
            mean[i] = m;
            variance[i] = squares / cols;
        }
    }

    public static void normalizeColumns(int rows, int cols, double[] x, double[] mean, double[] scale, double[] shift, double[] out) {
        normalizeColumns(rows, 0, cols, x, mean, scale, shift, out);
    }

    /** normalizeColumns of columns [from, cols) only. */
    public static void normalizeColumns(int rows, int from, int cols, double[] x, double[] mean, double[] scale, double[] shift,
                                        double[] out) {
        for (int i = 0; i < rows; i++) {
            for (int j = from; j < cols; j++) {
                int k = i * cols + j;
                out[k] = (x[k] - mean[j]) * scale[j] + shift[j];
            }
        }
    }

    public static void normalizeRows(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                     double[] bias, double[] out) {
        normalizeRows(rows, 0, cols, x, mean, invStd, weight, bias, out);
    }

    /** normalizeRows of columns [from, cols) only. */
    public static void normalizeRows(int rows, int from, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                     double[] bias, double[] out) {
        for (int i = 0; i < rows; i++) {
            double m = mean[i], s = invStd[i];
            for (int j = from; j < cols; j++) {
                int k = i * cols + j;
                out[k] = (x[k] - m) * s * weight[j] + bias[j];
            }
        }
    }

    /** rowMoments, then invStd = 1/√(variance + eps) in double (rounded), then normalizeRows: LayerNorm's forward pass. */
    public static void layerNormalize(int rows, int cols, double[] x, double eps, double[] weight, double[] bias, double[] mean,
                                      double[] invStd, double[] out) {
        rowMoments(rows, cols, x, mean, invStd);
        for (int i = 0; i < rows; i++) {
            invStd[i] = (double) (1 / Math.sqrt(invStd[i] + eps));
        }
        normalizeRows(rows, cols, x, mean, invStd, weight, bias, out);
    }

    public static void normalizeColumnsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                                boolean batchStatistics, double[] dy, double[] dx, double beta,
                                                double[] dWeight, double[] dBias) {
        normalizeColumnsBackward(rows, 0, cols, x, mean, invStd, weight, batchStatistics, dy, dx, beta, dWeight, dBias);
    }

    /** normalizeColumnsBackward of columns [from, cols) only. */
    public static void normalizeColumnsBackward(int rows, int from, int cols, double[] x, double[] mean, double[] invStd,
                                                double[] weight, boolean batchStatistics, double[] dy, double[] dx,
                                                double beta, double[] dWeight, double[] dBias) {
        for (int j = from; j < cols; j++) {
            double m = mean[j], s = invStd[j];
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < rows; i++) {
                int k = i * cols + j;
                double g = dy[k];
                sumDy += g;
                sumDyXhat += g * ((x[k] - m) * s);
            }
            double a = weight[j] * s;
            if (batchStatistics) {
                // The mean and the variance depend on every row: x̂'s gradient loses its mean and its projection on x̂.
                double meanDy = sumDy / rows, meanDyXhat = sumDyXhat / rows;
                for (int i = 0; i < rows; i++) {
                    int k = i * cols + j;
                    dx[k] = a * (dy[k] - meanDy - (x[k] - m) * s * meanDyXhat);
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    int k = i * cols + j;
                    dx[k] = a * dy[k];
                }
            }
            dWeight[j] = beta == 0 ? sumDyXhat : beta * dWeight[j] + sumDyXhat;
            dBias[j] = beta == 0 ? sumDy : beta * dBias[j] + sumDy;
        }
    }

    public static void normalizeRowsBackward(int rows, int cols, double[] x, double[] mean, double[] invStd, double[] weight,
                                             double[] dy, double[] dx, double beta, double[] dWeight, double[] dBias) {
        normalizeRowsParameterGradients(rows, 0, cols, x, mean, invStd, dy, beta, dWeight, dBias);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            double m = mean[i], s = invStd[i];
            double sumG = 0, sumGXhat = 0;
            for (int j = 0; j < cols; j++) {
                double g = dy[row + j] * weight[j];
                sumG += g;
                sumGXhat += g * ((x[row + j] - m) * s);
            }
            normalizeRowsInputGradient(row, 0, cols, x, m, s, weight, dy, sumG / cols, sumGXhat / cols, dx);
        }
    }

    /**
     * The first pass of normalizeRowsBackward, on columns [from, cols): dWeight = beta·dWeight + Σᵢ dy·x̂ and
     * dBias = beta·dBias + Σᵢ dy, summed over the rows in order (before dx, which may be dy, is written).
     */
    public static void normalizeRowsParameterGradients(int rows, int from, int cols, double[] x, double[] mean, double[] invStd,
                                                       double[] dy, double beta, double[] dWeight, double[] dBias) {
        for (int j = from; j < cols; j++) {
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < rows; i++) {
                int k = i * cols + j;
                double g = dy[k];
                sumDy += g;
                sumDyXhat += g * ((x[k] - mean[i]) * invStd[i]);
            }
            dWeight[j] = beta == 0 ? sumDyXhat : beta * dWeight[j] + sumDyXhat;
            dBias[j] = beta == 0 ? sumDy : beta * dBias[j] + sumDy;
        }
    }

    /**
     * dx of one row, columns [from, cols), once the row's means of g = dy·weight and of g·x̂ are known:
     * dx = invStd·(g − mean(g) − x̂·mean(g·x̂)).
     */
    public static void normalizeRowsInputGradient(int row, int from, int cols, double[] x, double mean, double invStd,
                                                  double[] weight, double[] dy, double meanG, double meanGXhat, double[] dx) {
        for (int j = from; j < cols; j++) {
            int k = row + j;
            dx[k] = invStd * (dy[k] * weight[j] - meanG - (x[k] - mean) * invStd * meanGXhat);
        }
    }

    // ---- end of generated double half ----
}
