package dev.lanes.nn.layers;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/** 1 / (1 + e^(−x)), element-wise; backward from the stored output: dx = dy·y·(1 − y). */
public final class Sigmoid extends Layer {

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private Tensor y;

    /**
     * A sigmoid layer; it has no parameters.
     */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor x) {
        y = output.like(x);
        TensorKernels.sigmoid(kernels(), x, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (y == null) {
            throw noForward();
        }
        Tensor dx = gradInput.like(y);
        TensorKernels.sigmoidBackward(kernels(), y, dy, dx);
        return dx;
    }

    @Override
    public String describe() {
        return "Sigmoid()";
    }
}
