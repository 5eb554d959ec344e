package dev.lanes.nn.optim;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * What Adam and AdamW share: the hyperparameters β₁, β₂, ε, checked once, and the two moment estimates per
 * parameter under PyTorch's state names. The two optimisers differ only in how weight decay enters the update.
 */
final class AdamMoments {

    /** The current β₁, which a one-cycle schedule may change; {@link #initialBeta1} is the constructor's. */
    double beta1;
    final double initialBeta1;
    final double beta2;
    final double epsilon;
    private final List<Tensor> first = new ArrayList<>();
    private final List<Tensor> second = new ArrayList<>();

    AdamMoments(String optimizer, List<Parameter> parameters, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(optimizer + ": beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException(optimizer + ": epsilon must be > 0, got " + epsilon);
        }
        this.beta1 = beta1;
        this.initialBeta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Parameter p : parameters) {
            first.add(Tensor.zeros(p.value().dtype(), p.value().shape()));
            second.add(Tensor.zeros(p.value().dtype(), p.value().shape()));
        }
    }

    Tensor first(int index) {
        return first.get(index);
    }

    Tensor second(int index) {
        return second.get(index);
    }

    static final List<String> SLOT_NAMES = List.of("exp_avg", "exp_avg_sq");

    Tensor slot(int slot, int index) {
        return slot == 0 ? first.get(index) : second.get(index);
    }

    /** "betas=(β₁, β₂), eps=ε", as the optimisers' descriptions list them. */
    String describe() {
        return "betas=(" + initialBeta1 + ", " + beta2 + "), eps=" + epsilon;
    }
}
