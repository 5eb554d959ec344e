package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;

/**
 * max(x, 0), element-wise. The gradient is 0 where the input is ≤ 0, as PyTorch takes it; backward works from
 * the stored output (positive exactly where the input is), which is what lets a {@link Sequential} compute the
 * ReLU inside the preceding {@link Linear}'s GEMM and keep this layer for the backward pass alone.
 */
public final class ReLU extends Layer {

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private boolean inputRectified;
    private Tensor y;

    public ReLU() {
        this(Kernels.get());
    }

    public ReLU(Kernels kernels) {
        super(kernels);
    }

    /** Set by {@link Sequential} when the preceding layer already applied the ReLU: forward passes its input through. */
    void setInputRectified(boolean inputRectified) {
        this.inputRectified = inputRectified;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (inputRectified) {
            y = x;
        } else {
            y = output.like(x);
            ops().relu(x, y);
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (y == null) {
            throw noForward();
        }
        Tensor dx = gradInput.like(y);
        ops().reluBackward(y, dy, dx);
        return dx;
    }

    @Override
    public String describe() {
        return "ReLU()";
    }
}
