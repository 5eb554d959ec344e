package dev.lanes.nn.loss;

import dev.lanes.kernels.RegressionLoss;
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
    RegressionLoss kind() {
        return RegressionLoss.L1;
    }

    @Override
    double parameter() {
        return 0;
    }

    @Override
    public String describe() {
        return "l1";
    }
}
