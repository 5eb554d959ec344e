package dev.lanes.nn.metrics;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

/**
 * The log-loss (cross-entropy) of predicted class probabilities, as scikit-learn's {@code log_loss}: each
 * probability clipped to [ε, 1 − ε] with ε the machine epsilon of the tensor's dtype, each row renormalised, then
 * the mean over samples of −ln p(true class). The clipping keeps a confident wrong prediction finite.
 */
public final class LogLoss {

    private LogLoss() {
    }

    /**
     * The mean log-loss.
     *
     * @param truth each sample's class, in [0, classes)
     * @param probabilities [samples, classes], e.g. {@code Predictor.probabilities}
     * @return the mean of −ln p(true class), NaN for no samples
     * @throws IllegalArgumentException if the counts differ, a class is out of range or a probability is not finite
     */
    public static double of(int[] truth, Tensor probabilities) {
        if (probabilities.rank() != 2 || probabilities.rows() != truth.length) {
            throw new IllegalArgumentException("LogLoss: probabilities " + probabilities.describe() + " for "
                    + truth.length + " samples; need [samples, classes]");
        }
        int classes = probabilities.cols();
        double eps = probabilities.dtype() == DType.F32 ? Math.ulp(1f) : Math.ulp(1d);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= classes) {
                throw new IllegalArgumentException("LogLoss: class " + truth[i] + " of sample " + i + " is not in [0, "
                        + classes + ")");
            }
            double rowSum = 0, mine = 0;
            for (int c = 0; c < classes; c++) {
                double p = probabilities.getFlat(i * classes + c);
                if (!Double.isFinite(p)) {
                    throw new IllegalArgumentException("LogLoss: probability " + p + " at sample " + i + ", class " + c);
                }
                p = Math.max(eps, Math.min(1 - eps, p));
                rowSum += p;
                if (c == truth[i]) {
                    mine = p;
                }
            }
            sum -= Math.log(mine / rowSum);
        }
        return sum / truth.length;
    }
}
