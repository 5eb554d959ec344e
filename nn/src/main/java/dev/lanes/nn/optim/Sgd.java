package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent, W −= lr·g (the seeds'), optionally with momentum as PyTorch's {@code optim.SGD}
 * (with its default {@code dampening=0}): buf = μ·buf + g; W −= lr·buf, or with Nesterov momentum
 * W −= lr·(g + μ·buf), in one fused pass ({@link dev.lanes.kernels.Kernels#sgdMomentumStep}).
 */
public final class Sgd extends Optimizer {

    private final double momentum;
    /** The momentum the next step uses: {@link #momentum} unless a schedule set another. */
    private double currentMomentum;
    private final boolean nesterov;
    private final List<Tensor> buffers = new ArrayList<>();

    /**
     * Plain SGD.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0
     * @throws IllegalArgumentException if the model has no parameters or the rate is out of range
     */
    public Sgd(Layer model, double learningRate) {
        this(model, learningRate, 0, 0);
    }

    /**
     * SGD with momentum μ (0 for none) and weight decay (0 for none).
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0
     * @param momentum μ, in [0, 1)
     * @param weightDecay the factor of W added to each weight's gradient, finite and ≥ 0
     * @throws IllegalArgumentException if the model has no parameters or a hyperparameter is out of range
     */
    public Sgd(Layer model, double learningRate, double momentum, double weightDecay) {
        this(model, learningRate, momentum, weightDecay, false);
    }

    /**
     * SGD with momentum μ, weight decay and, if {@code nesterov}, Nesterov momentum, as
     * {@code torch.optim.SGD(params, lr, momentum, weight_decay=weightDecay, nesterov=nesterov)}.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0
     * @param momentum μ, in [0, 1); &gt; 0 for Nesterov momentum
     * @param weightDecay the factor of W added to each weight's gradient, finite and ≥ 0
     * @param nesterov true for Nesterov momentum, false for the classical one
     * @throws IllegalArgumentException if the model has no parameters, a hyperparameter is out of range, or
     *         nesterov is asked for without momentum
     */
    public Sgd(Layer model, double learningRate, double momentum, double weightDecay, boolean nesterov) {
        super(model, learningRate, weightDecay);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs a momentum > 0, got " + momentum);
        }
        this.momentum = momentum;
        this.currentMomentum = momentum;
        this.nesterov = nesterov;
        if (momentum != 0) {
            for (Parameter p : parameters()) {
                buffers.add(Tensor.zeros(p.value().dtype(), p.value().shape()));
            }
        }
    }

    /**
     * The momentum μ the next step uses.
     *
     * @return μ, 0 for none
     */
    public double momentum() {
        return currentMomentum;
    }

    @Override
    public boolean hasMomentum() {
        return momentum != 0;
    }

    @Override
    public void setMomentum(double momentum) {
        if (!hasMomentum()) {
            super.setMomentum(momentum);
        }
        currentMomentum = checkMomentum(momentum);
    }

    @Override
    protected void update(int index, Parameter p) {
        if (buffers.isEmpty()) {
            TensorKernels.axpy(kernels(), -learningRate(), p.grad(), p.value());
            return;
        }
        TensorKernels.sgdMomentumStep(kernels(), p.value(), p.grad(), buffers.get(index), learningRate(), currentMomentum, nesterov);
    }

    /**
     * Whether the momentum is Nesterov's.
     *
     * @return true for Nesterov momentum, false for the classical one or none
     */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String describe() {
        return "sgd(momentum=" + momentum + (nesterov ? ", nesterov=true" : "") + ", " + decayDescription() + ")";
    }

    @Override
    protected List<String> slotNames() {
        return momentum == 0 ? List.of() : List.of("momentum_buffer");
    }

    @Override
    protected Tensor slot(int slot, int index) {
        return buffers.get(index);
    }
}
