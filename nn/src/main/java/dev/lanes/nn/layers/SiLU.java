package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/** x·σ(x) (swish), element-wise, as PyTorch's {@code nn.SiLU}; backward from the stored input. */
public final class SiLU extends ActivationLayer {

    /**
     * A SiLU layer; it has no parameters.
     */
    public SiLU() {
        super(false);
    }

    @Override
    void apply(Kernels kernels, Tensor x, Tensor out) {
        TensorKernels.silu(kernels, x, out);
    }

    @Override
    void gradient(Kernels kernels, Tensor x, Tensor dy, Tensor dx) {
        TensorKernels.siluBackward(kernels, x, dy, dx);
    }

    @Override
    public String describe() {
        return "SiLU()";
    }
}
