package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * Adagrad, as PyTorch's {@code optim.Adagrad}: at step t the rate is lr / (1 + (t − 1)·lr_decay);
 * sum += g²; W −= rate·g / (√sum + ε) (weight decay added to the gradient first), in one fused pass
 * ({@link dev.lanes.kernels.Kernels#adagradStep}). The sums start at {@code initial_accumulator_value}; the
 * state slot is PyTorch's {@code sum}.
 */
public final class Adagrad extends Optimizer {

    private final double learningRateDecay;
    private final double initialAccumulatorValue;
    private final double epsilon;
    private final List<Tensor> sums = new ArrayList<>();

    /**
     * Adagrad with PyTorch's defaults: lr_decay 0, no weight decay, initial_accumulator_value 0, eps 1e-10.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0 (PyTorch's default is 0.01)
     * @throws IllegalArgumentException if the model has no parameters or the rate is out of range
     */
    public Adagrad(Layer model, double learningRate) {
        this(model, learningRate, 0, 0, 0, 1e-10);
    }

    /**
     * Adagrad with these hyperparameters, as
     * {@code torch.optim.Adagrad(params, lr, lr_decay, weight_decay, initial_accumulator_value, eps)}.
     *
     * @param model the model to train
     * @param learningRate lr, finite and ≥ 0
     * @param learningRateDecay lr_decay, finite and ≥ 0
     * @param weightDecay the factor of W added to each weight's gradient, finite and ≥ 0
     * @param initialAccumulatorValue the sums' starting value, finite and ≥ 0
     * @param epsilon ε, added to the denominator, &gt; 0
     * @throws IllegalArgumentException if the model has no parameters or a hyperparameter is out of range
     */
    public Adagrad(Layer model, double learningRate, double learningRateDecay, double weightDecay,
                   double initialAccumulatorValue, double epsilon) {
        super(model, learningRate, weightDecay);
        if (!(learningRateDecay >= 0) || Double.isInfinite(learningRateDecay)) {
            throw new IllegalArgumentException("Adagrad: learningRateDecay must be finite and >= 0, got " + learningRateDecay);
        }
        if (!(initialAccumulatorValue >= 0) || Double.isInfinite(initialAccumulatorValue)) {
            throw new IllegalArgumentException("Adagrad: initialAccumulatorValue must be finite and >= 0, got "
                    + initialAccumulatorValue);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adagrad: epsilon must be > 0, got " + epsilon);
        }
        this.learningRateDecay = learningRateDecay;
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.epsilon = epsilon;
        for (Parameter p : parameters()) {
            Tensor sum = Tensor.zeros(p.value().dtype(), p.value().shape());
            for (int i = 0; i < sum.size(); i++) {
                sum.setFlat(i, initialAccumulatorValue);
            }
            sums.add(sum);
        }
    }

    @Override
    protected void update(int index, Parameter p) {
        double rate = learningRate() / (1 + (steps() - 1) * learningRateDecay);
        TensorKernels.adagradStep(kernels(), p.value(), p.grad(), sums.get(index), rate, epsilon);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public String describe() {
        return "adagrad(lr_decay=" + learningRateDecay + ", initial_accumulator_value=" + initialAccumulatorValue
                + ", eps=" + epsilon + ", " + decayDescription() + ")";
    }

    @Override
    protected List<String> slotNames() {
        return List.of("sum");
    }

    @Override
    protected Tensor slot(int slot, int index) {
        return sums.get(index);
    }
}
