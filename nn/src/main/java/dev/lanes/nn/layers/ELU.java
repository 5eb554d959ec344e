package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/** x where x &gt; 0, else alpha·(e^x − 1), element-wise, as PyTorch's {@code nn.ELU(alpha)}; backward from the stored input. */
public final class ELU extends ActivationLayer {

    /** PyTorch's default {@code alpha}. */
    public static final double DEFAULT_ALPHA = 1.0;

    private final double alpha;

    /**
     * An ELU with PyTorch's default alpha, 1.
     */
    public ELU() {
        this(DEFAULT_ALPHA);
    }

    /**
     * An ELU layer; it has no parameters.
     *
     * @param alpha the scale of the negative part (the output tends to −alpha), finite
     * @throws IllegalArgumentException if alpha is NaN or infinite
     */
    public ELU(double alpha) {
        finite("ELU", "alpha", alpha);
        super("ELU(alpha=" + alpha + ")", Saved.INPUT,
                (kernels, x, out) -> TensorKernels.elu(kernels, alpha, x, out),
                (kernels, x, dy, dx) -> TensorKernels.eluBackward(kernels, alpha, x, dy, dx));
        this.alpha = alpha;
    }

    /**
     * The scale of the negative part.
     *
     * @return PyTorch's {@code alpha}
     */
    public double alpha() {
        return alpha;
    }
}
