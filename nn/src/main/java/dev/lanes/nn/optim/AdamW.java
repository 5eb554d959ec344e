package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.List;

/**
 * AdamW, as PyTorch's {@code optim.AdamW}: Adam with weight decay decoupled from the gradient (Loshchilov and
 * Hutter), W ← W·(1 − lr·λ) before the Adam update, in one fused pass
 * ({@link dev.lanes.kernels.Kernels#adamwStep}). The decay follows the learning rate a schedule sets. As every
 * Lanes optimiser it decays weights only unless {@link #decayBiases(boolean) decayBiases(true)}; PyTorch's
 * AdamW decays every parameter it is given.
 */
public final class AdamW extends Optimizer {

    private final AdamMoments moments;

    /**
     * AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0 (PyTorch's default is 1e-3)
     * @throws IllegalArgumentException if the model has no parameters or the rate is out of range
     */
    public AdamW(Layer model, double learningRate) {
        this(model, learningRate, 0.9, 0.999, 1e-8, 0.01);
    }

    /**
     * AdamW with these hyperparameters, as
     * {@code torch.optim.AdamW(params, lr, betas=(beta1, beta2), eps, weight_decay)}.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0
     * @param beta1 the first moment's decay, in [0, 1)
     * @param beta2 the second moment's decay, in [0, 1)
     * @param epsilon the denominator's guard, &gt; 0
     * @param weightDecay λ, finite and ≥ 0: each step multiplies the weights by 1 − lr·λ
     * @throws IllegalArgumentException if the model has no parameters or a hyperparameter is out of range
     */
    public AdamW(Layer model, double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        super(model, learningRate, weightDecay);
        this.moments = new AdamMoments("AdamW", parameters(), beta1, beta2, epsilon);
    }

    @Override
    protected boolean decaysThroughGradient() {
        return false;
    }

    @Override
    protected void update(int index, Parameter p) {
        TensorKernels.adamwStep(kernels(), p.value(), p.grad(), moments.first(index), moments.second(index),
                learningRate(), moments.beta1, moments.beta2, moments.epsilon, weightDecay(p), Math.toIntExact(steps()));
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
        return "adamw";
    }

    @Override
    public String describe() {
        return "adamw(" + moments.describe() + ", " + decayDescription() + ")";
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
