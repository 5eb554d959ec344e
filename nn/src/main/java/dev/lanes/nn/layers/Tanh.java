package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/** tanh(x), element-wise, as PyTorch's {@code nn.Tanh}; backward from the stored output: dx = dy·(1 − y²). */
public final class Tanh extends ActivationLayer {

    /**
     * A tanh layer; it has no parameters.
     */
    public Tanh() {
        super(true);
    }

    @Override
    void apply(Kernels kernels, Tensor x, Tensor out) {
        TensorKernels.tanh(kernels, x, out);
    }

    @Override
    void gradient(Kernels kernels, Tensor y, Tensor dy, Tensor dx) {
        TensorKernels.tanhBackward(kernels, y, dy, dx);
    }

    @Override
    public String describe() {
        return "Tanh()";
    }
}
