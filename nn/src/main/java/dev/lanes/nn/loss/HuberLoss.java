package dev.lanes.nn.loss;

import dev.lanes.kernels.RegressionLoss;
import dev.lanes.nn.layers.Layer;

/**
 * The Huber loss, as PyTorch's {@code nn.HuberLoss(delta)}: per element, with d = prediction − target,
 * ½·d² where |d| &lt; δ and δ·(|d| − ½·δ) elsewhere, averaged over every element; its slope is d clamped to
 * [−δ, δ]. Squared error near the target, absolute error far from it, so outliers pull with a bounded force.
 * It equals δ times {@link SmoothL1Loss} with β = δ.
 */
public final class HuberLoss extends ElementwiseLoss {

    private final double delta;

    /**
     * The loss of {@code model}'s output with PyTorch's default δ = 1.
     *
     * @param model the model whose output is scored
     * @throws NullPointerException if model is null
     */
    public HuberLoss(Layer model) {
        this(model, 1);
    }

    /**
     * The loss of {@code model}'s output with this δ.
     *
     * @param model the model whose output is scored
     * @param delta where the loss turns from squared to absolute, finite and &gt; 0 (as PyTorch requires)
     * @throws NullPointerException if model is null
     * @throws IllegalArgumentException if delta is not finite and positive
     */
    public HuberLoss(Layer model, double delta) {
        super(model);
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("HuberLoss: delta must be finite and positive, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    RegressionLoss kind() {
        return RegressionLoss.HUBER;
    }

    @Override
    double parameter() {
        return delta;
    }

    @Override
    public String describe() {
        return "huber(delta=" + delta + ")";
    }
}
