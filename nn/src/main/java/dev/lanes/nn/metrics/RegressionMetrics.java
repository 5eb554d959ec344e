package dev.lanes.nn.metrics;

import dev.lanes.nn.Tensor;

import java.util.Arrays;

/**
 * The usual figures of a regression model's predictions, as scikit-learn computes them with its default
 * {@code multioutput="uniform_average"}: each is computed per output (column) and then averaged over the
 * outputs, so RMSE is the mean of the outputs' RMSEs. R² is 1 − SS_res / SS_tot per output; for an output whose
 * true values are constant it is 1 if predicted exactly and 0 otherwise, as scikit-learn's {@code force_finite}.
 *
 * @param mse the mean squared error
 * @param rmse the root of each output's mean squared error, averaged
 * @param mae the mean absolute error
 * @param r2 the coefficient of determination: 1 is perfect, 0 what predicting the mean gives, below 0 worse
 */
public record RegressionMetrics(double mse, double rmse, double mae, double r2) {

    /**
     * The metrics of {@code predicted} against {@code truth}.
     *
     * @param truth the true values, [samples, outputs] or [samples]
     * @param predicted the predictions, the same shape
     * @return the metrics, averaged over the outputs
     * @throws IllegalArgumentException if the shapes differ or there is no sample
     */
    public static RegressionMetrics of(Tensor truth, Tensor predicted) {
        if (!Arrays.equals(truth.shape(), predicted.shape()) || truth.rank() < 1 || truth.rank() > 2) {
            throw new IllegalArgumentException("RegressionMetrics: truth " + truth.describe() + " and predictions "
                    + predicted.describe() + " must have one shape, [samples] or [samples, outputs]");
        }
        int n = truth.rows(), outputs = truth.cols();
        if (n == 0) {
            throw new IllegalArgumentException("RegressionMetrics: no samples in " + truth.describe());
        }
        double mse = 0, rmse = 0, mae = 0, r2 = 0;
        for (int j = 0; j < outputs; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += truth.getFlat(i * outputs + j);
            }
            mean /= n;
            double squares = 0, absolutes = 0, total = 0;
            for (int i = 0; i < n; i++) {
                double y = truth.getFlat(i * outputs + j), d = y - predicted.getFlat(i * outputs + j);
                squares += d * d;
                absolutes += Math.abs(d);
                total += (y - mean) * (y - mean);
            }
            mse += squares / n;
            rmse += Math.sqrt(squares / n);
            mae += absolutes / n;
            r2 += total != 0 ? 1 - squares / total : squares == 0 ? 1 : 0;
        }
        return new RegressionMetrics(mse / outputs, rmse / outputs, mae / outputs, r2 / outputs);
    }
}
