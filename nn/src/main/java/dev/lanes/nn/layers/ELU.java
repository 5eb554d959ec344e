package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
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
        super(false);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        }
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

    @Override
    void apply(Kernels kernels, Tensor x, Tensor out) {
        TensorKernels.elu(kernels, alpha, x, out);
    }

    @Override
    void gradient(Kernels kernels, Tensor x, Tensor dy, Tensor dx) {
        TensorKernels.eluBackward(kernels, alpha, x, dy, dx);
    }

    @Override
    public String describe() {
        return "ELU(alpha=" + alpha + ")";
    }
}
