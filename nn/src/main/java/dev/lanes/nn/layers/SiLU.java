package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/** x·σ(x) (swish), element-wise, as PyTorch's {@code nn.SiLU}; backward from the stored input. */
public final class SiLU extends ActivationLayer {

    /**
     * A SiLU layer; it has no parameters.
     */
    public SiLU() {
        super("SiLU()", Saved.INPUT, TensorKernels::silu, TensorKernels::siluBackward);
    }
}
