package dev.lanes.nn.loss;

import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.List;

/**
 * The seeds' L2 penalty: 0.5·reg·Σ‖W‖² over the model's weights (biases excluded), whose gradient is reg·W.
 * (Seed 002 writes reg·Σ‖W‖² with gradient 2·reg·W: that is this class with twice the strength.)
 */
public final class L2Regularization implements Regularization {

    private final Layer model;
    private final List<Parameter> parameters;
    private final double strength;

    /**
     * The L2 penalty on {@code model}'s weights with strength reg.
     *
     * @param model the model whose weights are penalised; its parameters are taken now
     * @param strength reg, finite and ≥ 0; 0 makes the penalty and its gradient vanish
     * @throws IllegalArgumentException if strength is negative, infinite or NaN
     */
    public L2Regularization(Layer model, double strength) {
        if (!(strength >= 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException("L2Regularization: strength must be finite and >= 0, got " + strength);
        }
        this.model = model;
        this.parameters = List.copyOf(model.parameters());
        this.strength = strength;
    }

    @Override
    public Layer model() {
        return model;
    }

    /**
     * The strength reg.
     *
     * @return reg, as given to the constructor
     */
    public double strength() {
        return strength;
    }

    /** 0.5·reg·Σ‖W‖² over the weight parameters. */
    @Override
    public double penalty() {
        if (strength == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.kind() == Parameter.Kind.WEIGHT) {
                sum += TensorKernels.sumOfSquares(model.kernels(), p.value());
            }
        }
        return 0.5 * strength * sum;
    }

    /** Adds reg·W to each weight's gradient. */
    @Override
    public void addGradient() {
        if (strength == 0) {
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.kind() == Parameter.Kind.WEIGHT) {
                TensorKernels.axpy(model.kernels(), strength, p.value(), p.grad());
            }
        }
    }

    @Override
    public String describe() {
        return "l2(" + strength + ")";
    }
}
