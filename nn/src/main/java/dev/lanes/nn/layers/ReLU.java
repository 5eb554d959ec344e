package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/**
 * max(x, 0), element-wise. The gradient is 0 where the input is ≤ 0, as PyTorch takes it; backward works from
 * the stored output (positive exactly where the input is), which is what lets a {@link Sequential} compute the
 * ReLU inside the preceding {@link Linear}'s GEMM (or a {@link Dropout}'s pass) and keep this layer for the
 * backward pass alone.
 */
public final class ReLU extends ActivationLayer {

    /**
     * A ReLU layer; it has no parameters.
     */
    public ReLU() {
        super("ReLU()", Saved.OUTPUT, TensorKernels::relu, TensorKernels::reluBackward);
    }
}
