package dev.lanes.nn.loss;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;

import java.util.Arrays;

/**
 * A regression loss that is the mean over every element of a function of the difference d = prediction − target,
 * as PyTorch's losses with {@code reduction="mean"}: the one place the shapes are checked, the mean taken and
 * the gradient slope(d) / elements written. A subclass gives the function and its slope.
 */
abstract sealed class ElementwiseLoss implements Loss<Tensor>
        permits MeanSquaredError, MeanAbsoluteError, HuberLoss, SmoothL1Loss {

    private final Layer model;
    private final Buffer gradient = new Buffer();
    private Tensor lastGradient;

    ElementwiseLoss(Layer model) {
        if (model == null) {
            throw new NullPointerException(getClass().getSimpleName() + ": model is null");
        }
        this.model = model;
    }

    /** The loss of one element whose prediction is d above its target. */
    abstract double value(double d);

    /** ∂value/∂d, as PyTorch's backward defines it at the kinks. */
    abstract double slope(double d);

    @Override
    public final Layer model() {
        return model;
    }

    /**
     * The mean over every element of the loss of prediction − target.
     *
     * @param prediction the model's output, [batch, outputs]
     * @param target the targets, the same shape and dtype
     * @return the mean, in double; NaN for an empty batch, as PyTorch's mean of nothing
     * @throws IllegalArgumentException if the shapes or dtypes differ
     */
    @Override
    public final double forward(Tensor prediction, Tensor target) {
        if (!Arrays.equals(prediction.shape(), target.shape()) || prediction.dtype() != target.dtype()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": prediction " + prediction.describe()
                    + " and target " + target.describe() + " differ in shape or dtype");
        }
        Tensor g = gradient.like(prediction);
        int n = prediction.size();
        double scale = 1.0 / n, sum = 0;
        if (prediction.dtype() == DType.F32) {
            float[] p = prediction.floats(), t = target.floats(), out = g.floats();
            for (int i = 0; i < n; i++) {
                double d = p[i] - t[i]; // the float difference, as PyTorch takes it in float32
                sum += value(d);
                out[i] = (float) (slope(d) * scale);
            }
        } else {
            double[] p = prediction.doubles(), t = target.doubles(), out = g.doubles();
            for (int i = 0; i < n; i++) {
                double d = p[i] - t[i];
                sum += value(d);
                out[i] = slope(d) * scale;
            }
        }
        lastGradient = g;
        return sum / n;
    }

    @Override
    public final Tensor backward() {
        if (lastGradient == null) {
            throw new IllegalStateException(getClass().getSimpleName() + ".backward: no forward yet");
        }
        return lastGradient;
    }

    @Override
    public final void checkTargets(String which, Tensor targets, int outputFeatures) {
        if (targets.cols() != outputFeatures) {
            throw new IllegalArgumentException(which + " targets " + targets.describe() + " have " + targets.cols()
                    + " values per sample, but the model has " + outputFeatures + " outputs");
        }
        for (int i = 0; i < targets.size(); i++) {
            if (!Double.isFinite(targets.getFlat(i))) {
                throw new IllegalArgumentException(which + " target " + i / Math.max(targets.cols(), 1) + " holds "
                        + targets.getFlat(i));
            }
        }
    }
}
