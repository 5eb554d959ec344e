package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;

/**
 * Everything the activation layers without parameters (element-wise, and the row-wise softmaxes) do: the output and
 * input-gradient buffers, keeping the tensor the backward pass works from (the input, or the output where the
 * derivative is a function of it, as for tanh and softmax), and the check that a forward came first. A subclass
 * only names its description, its kernel pair and its hyper-parameters.
 */
abstract class ActivationLayer extends Layer {

    /** out = f(x). */
    @FunctionalInterface
    interface Forward {
        void apply(Kernels kernels, Tensor x, Tensor out);
    }

    /** dx = dy·f′, from the forward tensor {@link Saved} names. */
    @FunctionalInterface
    interface Backward {
        void apply(Kernels kernels, Tensor saved, Tensor dy, Tensor dx);
    }

    /** The forward tensor the backward pass is given. */
    enum Saved {
        INPUT, OUTPUT
    }

    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    private final String description;
    private final Saved saved;
    private final Forward forward;
    private final Backward backward;
    private Tensor input, y;

    ActivationLayer(String description, Saved saved, Forward forward, Backward backward) {
        this.description = description;
        this.saved = saved;
        this.forward = forward;
        this.backward = backward;
    }

    /** A row-wise kernel, which works on [batch, features]: the kernels' rows are then the samples and dim −1 the features. */
    static Forward rowWise(String layer, Forward kernel) {
        return (kernels, x, out) -> {
            if (x.shape().length != 2) {
                throw new IllegalArgumentException(layer + ": needs a [batch, features] input, got " + x.describe());
            }
            kernel.apply(kernels, x, out);
        };
    }

    /** A constructor's check of a hyper-parameter that must be a finite number. */
    static double finite(String layer, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(layer + ": " + name + " must be finite, got " + value);
        }
        return value;
    }

    @Override
    public final Tensor forward(Tensor x) {
        y = output.like(x);
        input = x;
        forward.apply(kernels(), x, y);
        return y;
    }

    /**
     * The forward pass of a {@link Sequential} or {@link Dropout} that had this activation applied by the layer
     * before it (in a {@link Linear}'s GEMM, or in the dropout's own pass): {@code activated} is already the output.
     * No input is kept, so only a layer whose backward works from its output can go back through it.
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
        if (saved == Saved.INPUT && input == null) {
            throw new IllegalStateException(describe() + ".backward: the last forward ran in evaluation mode inside the"
                    + " preceding Linear's GEMM, which keeps no input; call train() and forward again");
        }
        Tensor dx = gradInput.like(y);
        backward.apply(kernels(), saved == Saved.INPUT ? input : y, dy, dx);
        return dx;
    }

    @Override
    public final String describe() {
        return description;
    }
}
