package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/** tanh(x), element-wise, as PyTorch's {@code nn.Tanh}; backward from the stored output: dx = dy·(1 − y²). */
public final class Tanh extends ActivationLayer {

    /**
     * A tanh layer; it has no parameters.
     */
    public Tanh() {
        super("Tanh()", Saved.OUTPUT, TensorKernels::tanh, TensorKernels::tanhBackward);
    }
}
