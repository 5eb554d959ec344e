package dev.lanes.nn.loss;

import dev.lanes.kernels.RegressionLoss;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;

import java.util.Arrays;

/**
 * A regression loss that is the mean over every element of a function of the difference d = prediction − target,
 * as PyTorch's losses with {@code reduction="mean"}: the one place the shapes are checked. The function, its slope
 * at the kinks, the mean and the gradient slope(d)·(1/elements) are the kernel
 * {@link dev.lanes.kernels.Kernels#regressionLoss} of the model's kernels (vectorised, in the tensors' dtype); a
 * subclass names which loss and its parameter.
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

    /** Which of the kernel's losses this is. */
    abstract RegressionLoss kind();

    /** Its δ or β (rounded to float for F32 tensors, as PyTorch's float kernels do); 0 where it has none. */
    abstract double parameter();

    @Override
    public final Layer model() {
        return model;
    }

    /**
     * The mean over every element of the loss of prediction − target.
     *
     * @param prediction the model's output, [batch, outputs]
     * @param target the targets, the same shape and dtype
     * @return the mean, summed in the dtype (see the kernel for the order and its error bound) and returned in
     *         double; NaN for an empty batch, as PyTorch's mean of nothing
     * @throws IllegalArgumentException if the shapes or dtypes differ
     */
    @Override
    public final double forward(Tensor prediction, Tensor target) {
        if (!Arrays.equals(prediction.shape(), target.shape()) || prediction.dtype() != target.dtype()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": prediction " + prediction.describe()
                    + " and target " + target.describe() + " differ in shape or dtype");
        }
        Tensor g = gradient.like(prediction);
        double mean = TensorKernels.regressionLoss(model.kernels(), kind(), parameter(), prediction, target, g);
        lastGradient = g;
        return mean;
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
