package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/**
 * log(1 + e^(βx))/β, element-wise, as PyTorch's {@code nn.Softplus(beta, threshold)}, including its linear
 * regime: where βx &gt; threshold the output is x itself. Backward from the stored input.
 */
public final class Softplus extends ActivationLayer {

    /** PyTorch's default {@code beta}. */
    public static final double DEFAULT_BETA = 1;
    /** PyTorch's default {@code threshold}. */
    public static final double DEFAULT_THRESHOLD = 20;

    private final double beta, threshold;

    /**
     * A softplus with PyTorch's defaults, beta 1 and threshold 20.
     */
    public Softplus() {
        this(DEFAULT_BETA, DEFAULT_THRESHOLD);
    }

    /**
     * A softplus layer; it has no parameters.
     *
     * @param beta the sharpness β, finite and &gt; 0
     * @param threshold the linear regime starts where βx exceeds it, not NaN
     * @throws IllegalArgumentException if beta is not finite and positive or threshold is NaN
     */
    public Softplus(double beta, double threshold) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("Softplus: beta must be finite and > 0, got " + beta);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("Softplus: threshold must not be NaN");
        }
        super("Softplus(beta=" + beta + ", threshold=" + threshold + ")", Saved.INPUT,
                (kernels, x, out) -> TensorKernels.softplus(kernels, beta, threshold, x, out),
                (kernels, x, dy, dx) -> TensorKernels.softplusBackward(kernels, beta, threshold, x, dy, dx));
        this.beta = beta;
        this.threshold = threshold;
    }

    /**
     * The sharpness β.
     *
     * @return PyTorch's {@code beta}
     */
    public double beta() {
        return beta;
    }

    /**
     * Where the linear regime starts, in units of βx.
     *
     * @return PyTorch's {@code threshold}
     */
    public double threshold() {
        return threshold;
    }
}
