package dev.lanes.nn.loss;

import dev.lanes.kernels.RegressionLoss;
import dev.lanes.nn.layers.Layer;

/**
 * The mean squared error over every element, as PyTorch's {@code nn.MSELoss()}: mean((prediction − target)²),
 * gradient 2·(prediction − target) / elements. For the seeds' ½·Σ form see {@link HalfSquaredError}.
 */
public final class MeanSquaredError extends ElementwiseLoss {

    /**
     * The loss of {@code model}'s output.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public MeanSquaredError(Layer model) {
        super(model);
    }

    @Override
    RegressionLoss kind() {
        return RegressionLoss.MSE;
    }

    @Override
    double parameter() {
        return 0;
    }

    @Override
    public String describe() {
        return "mse";
    }
}
