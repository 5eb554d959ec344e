package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent, W −= lr·g (the seeds'), optionally with momentum as PyTorch's {@code optim.SGD}:
 * buf = μ·buf + g; W −= lr·buf.
 */
public final class Sgd extends Optimizer {

    private final double momentum;
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
        super(model, learningRate, weightDecay);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        if (momentum != 0) {
            for (Parameter p : parameters()) {
                buffers.add(Tensor.zeros(p.value().dtype(), p.value().shape()));
            }
        }
    }

    /**
     * The momentum μ.
     *
     * @return μ, 0 for none
     */
    public double momentum() {
        return momentum;
    }

    @Override
    protected void update(int index, Parameter p) {
        if (momentum == 0) {
            TensorKernels.axpy(kernels(), -learningRate(), p.grad(), p.value());
            return;
        }
        Tensor buf = buffers.get(index);
        TensorKernels.scale(kernels(), momentum, buf);
        TensorKernels.axpy(kernels(), 1, p.grad(), buf);
        TensorKernels.axpy(kernels(), -learningRate(), buf, p.value());
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String describe() {
        return "sgd(momentum=" + momentum + ", weight_decay=" + weightDecay() + ")";
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
