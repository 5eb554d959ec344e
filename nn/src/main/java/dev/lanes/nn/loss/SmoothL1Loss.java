package dev.lanes.nn.loss;

import dev.lanes.kernels.RegressionLoss;
import dev.lanes.nn.layers.Layer;

/**
 * The smooth L1 loss, as PyTorch's {@code nn.SmoothL1Loss(beta)}: per element, with d = prediction − target,
 * ½·d²/β where |d| &lt; β and |d| − ½·β elsewhere, averaged over every element; its slope is d/β inside and
 * sign(d) outside. With β = 0 its value is {@link MeanAbsoluteError}'s L1 loss, as in PyTorch, and so is its
 * slope but where d = 0: PyTorch 1.13 gives −1 there, and so does this class.
 */
public final class SmoothL1Loss extends ElementwiseLoss {

    private final double beta;

    /**
     * The loss of {@code model}'s output with PyTorch's default β = 1.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public SmoothL1Loss(Layer model) {
        this(model, 1);
    }

    /**
     * The loss of {@code model}'s output with this β.
     *
     * @param model the model whose output is scored
     * @param beta where the loss turns from squared to absolute, finite and ≥ 0 (0 gives the L1 loss)
     * @throws NullPointerException if model is null
     * @throws IllegalArgumentException if beta is negative or not finite
     */
    public SmoothL1Loss(Layer model, double beta) {
        super(model);
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be finite and >= 0, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    RegressionLoss kind() {
        return RegressionLoss.SMOOTH_L1;
    }

    @Override
    double parameter() {
        return beta;
    }

    @Override
    public String describe() {
        return "smooth_l1(beta=" + beta + ")";
    }
}
