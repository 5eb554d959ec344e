package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.List;

/**
 * Adam, as PyTorch's {@code optim.Adam} (weight decay added to the gradient, not decoupled: for that see
 * {@link AdamW}), on the fused kernel.
 */
public final class Adam extends Optimizer {

    private final AdamMoments moments;

    /**
     * Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0 (PyTorch's default is 1e-3)
     * @throws IllegalArgumentException if the model has no parameters or the rate is out of range
     */
    public Adam(Layer model, double learningRate) {
        this(model, learningRate, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * Adam with these hyperparameters, as {@code torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay)}.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0
     * @param beta1 the first moment's decay, in [0, 1)
     * @param beta2 the second moment's decay, in [0, 1)
     * @param epsilon the denominator's guard, &gt; 0
     * @param weightDecay the factor of W added to each weight's gradient, finite and ≥ 0
     * @throws IllegalArgumentException if the model has no parameters or a hyperparameter is out of range
     */
    public Adam(Layer model, double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        super(model, learningRate, weightDecay);
        this.moments = new AdamMoments("Adam", parameters(), beta1, beta2, epsilon);
    }

    @Override
    protected void update(int index, Parameter p) {
        TensorKernels.adamStep(kernels(), p.value(), p.grad(), moments.first(index), moments.second(index),
                learningRate(), moments.beta1, moments.beta2, moments.epsilon, Math.toIntExact(steps()));
    }

    @Override
    public boolean hasMomentum() {
        return true;
    }

    /**
     * Sets β₁, as PyTorch's {@code OneCycleLR} does to {@code betas[0]}.
     *
     * @param momentum the new β₁, in [0, 1)
     * @throws IllegalArgumentException if it is out of range
     */
    @Override
    public void setMomentum(double momentum) {
        moments.beta1 = checkMomentum(momentum);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String describe() {
        return "adam(" + moments.describe() + ", " + decayDescription() + ")";
    }

    @Override
    protected List<String> slotNames() {
        return AdamMoments.SLOT_NAMES;
    }

    @Override
    protected Tensor slot(int slot, int index) {
        return moments.slot(slot, index);
    }
}
