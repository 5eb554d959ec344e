package dev.lanes.nn.loss;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.TensorKernels;
import dev.lanes.nn.layers.Parameter;

import java.util.List;

/**
 * The seeds' L2 penalty: 0.5·reg·Σ‖W‖² over the weights (biases excluded), whose gradient is reg·W.
 * (Seed 002 writes reg·Σ‖W‖² with gradient 2·reg·W: that is this class with twice the strength.)
 */
public final class L2Regularization {

    private final double strength;
    private final TensorKernels ops;

    public L2Regularization(double strength) {
        this(strength, Kernels.get());
    }

    public L2Regularization(double strength, Kernels kernels) {
        if (!(strength >= 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException("L2Regularization: strength must be finite and >= 0, got " + strength);
        }
        this.strength = strength;
        this.ops = new TensorKernels(kernels);
    }

    public double strength() {
        return strength;
    }

    /** 0.5·reg·Σ‖W‖² over the weight parameters. */
    public double penalty(List<Parameter> parameters) {
        if (strength == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.kind() == Parameter.Kind.WEIGHT) {
                sum += ops.sumOfSquares(p.value());
            }
        }
        return 0.5 * strength * sum;
    }

    /** Adds reg·W to each weight's gradient. */
    public void addGradient(List<Parameter> parameters) {
        if (strength == 0) {
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.kind() == Parameter.Kind.WEIGHT) {
                ops.axpy(strength, p.value(), p.grad());
            }
        }
    }
}
