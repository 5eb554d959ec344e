package dev.lanes.nn.data;

import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;

import java.util.Arrays;

/**
 * Standardises each feature: (x − mean) / std, with the mean and the population standard deviation of the
 * data it was {@linkplain #fit fitted} on, as scikit-learn's {@code StandardScaler}. Fit it on the training
 * split only, then apply it to every split (and at prediction time), so no statistic leaks from held-out data.
 * A feature that is constant in the training data gets std 1 (it becomes 0 rather than NaN), as
 * {@code StandardScaler} does.
 */
public final class Standardizer implements BatchTransform {

    private final double[] mean;
    private final double[] std;
    /** The statistics rounded to float once, for float32 batches. */
    private final float[] meanF, stdF;

    /**
     * A standardiser with these statistics (e.g. read back from a model file).
     *
     * @param mean each feature's mean, finite
     * @param std each feature's standard deviation, finite and positive
     * @throws IllegalArgumentException if the lengths differ or a value is not finite or a std not positive
     */
    public Standardizer(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("Standardizer: " + mean.length + " means but " + std.length + " deviations");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(std[j]) || !(std[j] > 0)) {
                throw new IllegalArgumentException("Standardizer: feature " + j + " has mean " + mean[j] + " and std "
                        + std[j] + "; need a finite mean and a finite positive std");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.meanF = new float[mean.length];
        this.stdF = new float[std.length];
        for (int j = 0; j < mean.length; j++) {
            meanF[j] = (float) mean[j];
            stdF[j] = (float) std[j];
        }
    }

    /**
     * The statistics of {@code data}'s inputs, feature by feature (in double, whatever the dtype).
     *
     * @param data the training split, ≥ 1 sample
     * @return a standardiser for data with as many features
     * @throws IllegalArgumentException if data has no sample or a non-finite input
     */
    public static Standardizer fit(Dataset<?> data) {
        Tensor x = data.inputs().flatten();
        int n = x.rows(), cols = x.cols();
        if (n == 0) {
            throw new IllegalArgumentException("Standardizer.fit: no samples in " + x.describe());
        }
        double[] mean = new double[cols], m2 = new double[cols];
        for (int i = 0; i < n; i++) { // Welford's update: stable when the mean is large against the spread
            for (int j = 0; j < cols; j++) {
                double v = x.getFlat(i * cols + j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Standardizer.fit: input " + v + " at sample " + i + ", feature " + j);
                }
                double delta = v - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (v - mean[j]);
            }
        }
        double[] std = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = Math.sqrt(m2[j] / n);
            std[j] = s > 0 ? s : 1;
        }
        return new Standardizer(mean, std);
    }

    /**
     * Standardises {@code inputs} in place.
     *
     * @param inputs [rows, features] with this standardiser's number of features
     * @throws IllegalArgumentException if the number of features differs
     */
    @Override
    public void apply(Tensor inputs) {
        int cols = inputs.cols(), rows = inputs.rows();
        if (cols != mean.length) {
            throw new IllegalArgumentException("Standardizer: inputs " + inputs.describe() + " have " + cols
                    + " features, fitted on " + mean.length);
        }
        if (inputs.dtype() == DType.F32) {
            float[] x = inputs.floats();
            for (int i = 0, k = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++, k++) {
                    x[k] = (x[k] - meanF[j]) / stdF[j];
                }
            }
        } else {
            double[] x = inputs.doubles();
            for (int i = 0, k = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++, k++) {
                    x[k] = (x[k] - mean[j]) / std[j];
                }
            }
        }
    }

    /**
     * Each feature's mean.
     *
     * @return a copy
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * Each feature's standard deviation (1 where the training data was constant).
     *
     * @return a copy
     */
    public double[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return "Standardizer" + Arrays.toString(mean) + "/" + Arrays.toString(std);
    }
}
