package dev.lanes.nn.layers;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout(p)}: in training mode each element is zeroed with probability
 * p and the others are scaled by 1/(1 − p), so the expected output is the input; in evaluation mode it is the
 * identity (the input itself is returned). It has no parameters.
 *
 * <p>Each forward pass in training mode draws one seed from the model's {@link #random()} generator; the mask is a
 * pure function of that seed and the element's index ({@code Kernels.dropout}), generated inside the pass that
 * applies it. No mask is stored: the backward pass regenerates it from the seed, so neither pass writes or reads
 * a mask array, and a run restored from a checkpoint (which saves the generator) draws the same masks as one that
 * never stopped.
 */
public final class Dropout extends Layer {

    private final double p;
    private final Buffer output = new Buffer();
    private final Buffer gradInput = new Buffer();
    /** The seed of the last forward pass's mask, when it applied one. */
    private long seed;
    private boolean masked;
    private boolean forwardDone;
    private int outputSize;

    /**
     * A dropout layer.
     *
     * @param p the probability of zeroing an element in training mode, in [0, 1] (PyTorch's default is 0.5)
     * @throws IllegalArgumentException if p is not in [0, 1]
     */
    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    /**
     * The probability of zeroing an element.
     *
     * @return p, in [0, 1]
     */
    public double p() {
        return p;
    }

    /**
     * The input with the elements of a fresh mask zeroed and the others scaled, in training mode; else the input.
     *
     * @param x a batch, any shape, in any dtype
     * @return in evaluation mode, or with p = 0, {@code x} itself (not a copy); in training mode a buffer of this
     *         layer's that the next forward overwrites
     */
    @Override
    public Tensor forward(Tensor x) {
        forwardDone = true;
        outputSize = x.size();
        masked = isTraining() && p > 0;
        if (!masked) {
            return x;
        }
        seed = random().nextLong();
        Tensor y = output.like(x);
        TensorKernels.dropout(kernels(), x, p, seed, y);
        return y;
    }

    /**
     * The forward pass of a {@link Sequential} whose plan runs the preceding {@link ReLU} and this layer as one pass
     * in training mode: z = dropout(relu(x)), the same bits as the two layers' passes. The ReLU keeps z as its output:
     * z is positive exactly where relu(x) is and the mask kept, and where the mask dropped, the gradient this layer
     * passes back is 0 anyway, so the ReLU's backward pass from z gives the unfused gradient.
     */
    Tensor forwardAfterReLU(ReLU relu, Tensor x) {
        if (!isTraining() || p == 0) {
            return forward(relu.forward(x));
        }
        forwardDone = true;
        outputSize = x.size();
        masked = true;
        seed = random().nextLong();
        Tensor z = output.like(x);
        TensorKernels.reluDropout(kernels(), x, p, seed, z);
        relu.forwardActivated(z);
        return z;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!forwardDone) {
            throw noForward();
        }
        if (dy.size() != outputSize) {
            throw new IllegalArgumentException(describe() + ".backward: gradient " + dy.describe()
                    + " does not match the output of the last forward, " + outputSize + " elements");
        }
        if (!masked) {
            return dy;
        }
        // The same mask, regenerated from the same seed: dx = dy where the element was kept, scaled; else 0.
        Tensor dx = gradInput.like(dy);
        TensorKernels.dropout(kernels(), dy, p, seed, dx);
        return dx;
    }

    @Override
    public String describe() {
        return "Dropout(p=" + p + ")";
    }
}
