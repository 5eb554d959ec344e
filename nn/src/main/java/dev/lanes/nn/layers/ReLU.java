package dev.lanes.nn.layers;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/**
 * max(x, 0), element-wise. The gradient is 0 where the input is ≤ 0, as PyTorch takes it; backward works from
 * the stored output (positive exactly where the input is), which is what lets a {@link Sequential} compute the
 * ReLU inside the preceding {@link Linear}'s GEMM and keep this layer for the backward pass alone.
 */
public final class ReLU extends Layer {

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private Tensor y;

    /**
     * A ReLU layer; it has no parameters.
     */
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor x) {
        y = output.like(x);
        TensorKernels.relu(kernels(), x, y);
        return y;
    }

    /**
     * The forward pass of a {@link Sequential} whose plan had the preceding {@link Linear} apply the ReLU in its
     * GEMM: {@code rectified} is already the output, kept for the backward pass.
     */
    Tensor forwardRectified(Tensor rectified) {
        y = rectified;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (y == null) {
            throw noForward();
        }
        Tensor dx = gradInput.like(y);
        TensorKernels.reluBackward(kernels(), y, dy, dx);
        return dx;
    }

    @Override
    public String describe() {
        return "ReLU()";
    }
}
