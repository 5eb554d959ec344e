package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * RMSprop, as PyTorch's {@code optim.RMSprop}: s = α·s + (1−α)·g²; if centred, a = α·a + (1−α)·g and the
 * denominator uses s − a²; d = √(…) + ε; with momentum μ, buf = μ·buf + g/d and W −= lr·buf, else W −= lr·g/d
 * (weight decay added to the gradient first), in one fused pass ({@link dev.lanes.kernels.Kernels#rmspropStep}).
 * Its state slots are PyTorch's: {@code square_avg}, {@code momentum_buffer} (with momentum) and {@code grad_avg}
 * (centred).
 */
public final class RmsProp extends Optimizer {

    private final double alpha;
    private final double epsilon;
    private final double momentum;
    /** The momentum the next step uses: {@link #momentum} unless a schedule set another. */
    private double currentMomentum;
    private final boolean centered;
    private final List<String> slotNames = new ArrayList<>();
    /** One list of state tensors per slot, in {@link #slotNames} order. */
    private final List<List<Tensor>> slots = new ArrayList<>();

    /**
     * RMSprop with PyTorch's defaults: alpha 0.99, eps 1e-8, no weight decay, no momentum, not centred.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0 (PyTorch's default is 0.01)
     * @throws IllegalArgumentException if the model has no parameters or the rate is out of range
     */
    public RmsProp(Layer model, double learningRate) {
        this(model, learningRate, 0.99, 1e-8, 0, 0, false);
    }

    /**
     * RMSprop with these hyperparameters, as
     * {@code torch.optim.RMSprop(params, lr, alpha, eps, weight_decay, momentum, centered)}.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0
     * @param alpha the running means' decay α, in [0, 1]
     * @param epsilon ε, added to the denominator, &gt; 0
     * @param weightDecay the factor of W added to each weight's gradient, finite and ≥ 0
     * @param momentum μ, in [0, 1)
     * @param centered whether to divide by the running variance (s − a²) rather than the running mean square
     * @throws IllegalArgumentException if the model has no parameters or a hyperparameter is out of range
     */
    public RmsProp(Layer model, double learningRate, double alpha, double epsilon, double weightDecay, double momentum,
                   boolean centered) {
        super(model, learningRate, weightDecay);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("RmsProp: alpha must be in [0, 1], got " + alpha);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("RmsProp: epsilon must be > 0, got " + epsilon);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("RmsProp: momentum must be in [0, 1), got " + momentum);
        }
        this.alpha = alpha;
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.currentMomentum = momentum;
        this.centered = centered;
        addSlot("square_avg");
        if (momentum > 0) {
            addSlot("momentum_buffer");
        }
        if (centered) {
            addSlot("grad_avg");
        }
    }

    private void addSlot(String name) {
        List<Tensor> tensors = new ArrayList<>();
        for (Parameter p : parameters()) {
            tensors.add(Tensor.zeros(p.value().dtype(), p.value().shape()));
        }
        slotNames.add(name);
        slots.add(tensors);
    }

    private Tensor slot(String name, int index) {
        int s = slotNames.indexOf(name);
        return s < 0 ? null : slots.get(s).get(index);
    }

    @Override
    protected void update(int index, Parameter p) {
        TensorKernels.rmspropStep(kernels(), p.value(), p.grad(), slot("square_avg", index), slot("grad_avg", index),
                slot("momentum_buffer", index), learningRate(), alpha, epsilon, currentMomentum);
    }

    @Override
    public boolean hasMomentum() {
        return momentum > 0;
    }

    @Override
    public void setMomentum(double momentum) {
        if (!hasMomentum()) {
            super.setMomentum(momentum);
        }
        currentMomentum = checkMomentum(momentum);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public String describe() {
        return "rmsprop(alpha=" + alpha + ", eps=" + epsilon + ", momentum=" + momentum + ", centered=" + centered
                + ", " + decayDescription() + ")";
    }

    @Override
    protected List<String> slotNames() {
        return List.copyOf(slotNames);
    }

    @Override
    protected Tensor slot(int slot, int index) {
        return slots.get(slot).get(index);
    }
}
