package dev.lanes.nn.loss;

import dev.lanes.nn.layers.Layer;

/**
 * The mean absolute error over every element, as PyTorch's {@code nn.L1Loss()}: mean(|prediction − target|),
 * gradient sign(prediction − target) / elements, 0 where they are equal (as {@code torch.sign}).
 */
public final class MeanAbsoluteError extends ElementwiseLoss {

    /**
     * The loss of {@code model}'s output.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public MeanAbsoluteError(Layer model) {
        super(model);
    }

    @Override
    double value(double d) {
        return Math.abs(d);
    }

    @Override
    double slope(double d) {
        return Math.signum(d);
    }

    @Override
    public String describe() {
        return "l1";
    }
}
