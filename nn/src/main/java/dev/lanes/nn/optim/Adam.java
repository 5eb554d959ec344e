package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/** Adam, as PyTorch's {@code optim.Adam} (weight decay added to the gradient, not decoupled), on the fused kernel. */
public final class Adam extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final List<Tensor> firstMoments = new ArrayList<>();
    private final List<Tensor> secondMoments = new ArrayList<>();

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
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam: epsilon must be > 0, got " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Parameter p : parameters()) {
            firstMoments.add(Tensor.zeros(p.value().dtype(), p.value().shape()));
            secondMoments.add(Tensor.zeros(p.value().dtype(), p.value().shape()));
        }
    }

    @Override
    protected void update(int index, Parameter p) {
        TensorKernels.adamStep(kernels(), p.value(), p.grad(), firstMoments.get(index), secondMoments.get(index),
                learningRate(), beta1, beta2, epsilon, Math.toIntExact(steps()));
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String describe() {
        return "adam(betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon + ", weight_decay=" + weightDecay() + ")";
    }

    @Override
    protected List<String> slotNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    protected Tensor slot(int slot, int index) {
        return slot == 0 ? firstMoments.get(index) : secondMoments.get(index);
    }
}
