package dev.lanes.nn.layers;

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
        finite("LeakyReLU", "slope", slope);
        super("LeakyReLU(negative_slope=" + slope + ")", Saved.INPUT,
                (kernels, x, out) -> TensorKernels.leakyRelu(kernels, slope, x, out),
                (kernels, x, dy, dx) -> TensorKernels.leakyReluBackward(kernels, slope, x, dy, dx));
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
}
