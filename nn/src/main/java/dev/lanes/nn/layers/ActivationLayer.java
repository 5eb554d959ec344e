package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;

/**
 * What the activation layers without parameters (element-wise, and the row-wise softmaxes) share: the output and
 * input-gradient buffers, the tensor the backward pass works from (the input, or the output where the derivative
 * is a function of it, as for tanh and softmax), and the check that a forward came first. A subclass names the
 * two kernels.
 */
abstract class ActivationLayer extends Layer {

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private final boolean backwardFromOutput;
    private Tensor input, y;

    /** {@code backwardFromOutput}: whether {@link #gradient} is given the forward's output rather than its input. */
    ActivationLayer(boolean backwardFromOutput) {
        this.backwardFromOutput = backwardFromOutput;
    }

    /** out = f(x), element-wise. */
    abstract void apply(Kernels kernels, Tensor x, Tensor out);

    /** dx = dy·f′, from the forward's input or output as the constructor chose. */
    abstract void gradient(Kernels kernels, Tensor saved, Tensor dy, Tensor dx);

    /** The row-wise layers work on [batch, features]: the kernels' rows are then the samples and dim −1 the features. */
    static void requireBatchOfRows(String layer, Tensor x) {
        if (x.shape().length != 2) {
            throw new IllegalArgumentException(layer + ": needs a [batch, features] input, got " + x.describe());
        }
    }

    @Override
    public final Tensor forward(Tensor x) {
        y = output.like(x);
        input = x;
        apply(kernels(), x, y);
        return y;
    }

    /**
     * The forward pass of a {@link Sequential} that had the preceding {@link Linear} apply this activation in its
     * GEMM, while evaluating: {@code activated} is already the output. No input is kept, so no backward follows.
     */
    final Tensor forwardActivated(Tensor activated) {
        y = activated;
        input = null;
        return y;
    }

    @Override
    public final Tensor backward(Tensor dy) {
        if (y == null) {
            throw noForward();
        }
        if (!backwardFromOutput && input == null) {
            throw new IllegalStateException(describe() + ".backward: the last forward ran in evaluation mode inside the"
                    + " preceding Linear's GEMM, which keeps no input; call train() and forward again");
        }
        Tensor dx = gradInput.like(y);
        gradient(kernels(), backwardFromOutput ? y : input, dy, dx);
        return dx;
    }
}
