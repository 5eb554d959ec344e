package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;

/** x where x &gt; 0, else slope·x, element-wise, as PyTorch's {@code nn.LeakyReLU(negative_slope)}; backward from the stored input. */
public final class LeakyReLU extends ActivationLayer {

    /** PyTorch's default {@code negative_slope}. */
    public static final double DEFAULT_SLOPE = 0.01;

    private final double slope;

    /**
     * A leaky ReLU with PyTorch's default slope, 0.01.
     */
    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    /**
     * A leaky ReLU; it has no parameters.
     *
     * @param slope the factor for x ≤ 0 (PyTorch's {@code negative_slope}), finite
     * @throws IllegalArgumentException if slope is NaN or infinite
     */
    public LeakyReLU(double slope) {
        super(false);
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: slope must be finite, got " + slope);
        }
        this.slope = slope;
    }

    /**
     * The factor applied to x ≤ 0.
     *
     * @return PyTorch's {@code negative_slope}
     */
    public double slope() {
        return slope;
    }

    @Override
    void apply(Kernels kernels, Tensor x, Tensor out) {
        TensorKernels.leakyRelu(kernels, slope, x, out);
    }

    @Override
    void gradient(Kernels kernels, Tensor x, Tensor dy, Tensor dx) {
        TensorKernels.leakyReluBackward(kernels, slope, x, dy, dx);
    }

    @Override
    public String describe() {
        return "LeakyReLU(negative_slope=" + slope + ")";
    }
}
