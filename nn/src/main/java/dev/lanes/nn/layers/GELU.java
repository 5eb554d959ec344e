package dev.lanes.nn.layers;

import dev.lanes.nn.internal.TensorKernels;

/**
 * The Gaussian error linear unit x·Φ(x), element-wise, as PyTorch's {@code nn.GELU(approximate=…)}: exact (Φ the
 * standard normal distribution function, PyTorch's default) or its tanh approximation
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))). Backward from the stored input.
 */
public final class GELU extends ActivationLayer {

    /** Which form of GELU, by PyTorch's name for it. */
    public enum Approximation {
        /** The exact form x·Φ(x) ({@code approximate='none'}). */
        NONE("none"),
        /** The tanh approximation ({@code approximate='tanh'}). */
        TANH("tanh");

        private final String pytorchName;

        Approximation(String pytorchName) {
            this.pytorchName = pytorchName;
        }

        /**
         * The value of PyTorch's {@code approximate} argument.
         *
         * @return {@code "none"} or {@code "tanh"}
         */
        public String pytorchName() {
            return pytorchName;
        }

        /**
         * The approximation PyTorch names so.
         *
         * @param pytorchName {@code "none"} or {@code "tanh"}
         * @return the matching constant
         * @throws IllegalArgumentException for any other name
         */
        public static Approximation fromPytorchName(String pytorchName) {
            for (Approximation a : values()) {
                if (a.pytorchName.equals(pytorchName)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '" + pytorchName + "'");
        }
    }

    private final Approximation approximation;

    /**
     * The exact GELU, PyTorch's default.
     */
    public GELU() {
        this(Approximation.NONE);
    }

    /**
     * A GELU layer of the given form; it has no parameters.
     *
     * @param approximation {@link Approximation#NONE} for x·Φ(x), {@link Approximation#TANH} for the tanh form
     * @throws NullPointerException if approximation is null
     */
    public GELU(Approximation approximation) {
        if (approximation == null) {
            throw new NullPointerException("GELU: approximation is null");
        }
        boolean exact = approximation == Approximation.NONE;
        super(exact ? "GELU()" : "GELU(approximate='tanh')", Saved.INPUT,
                exact ? TensorKernels::gelu : TensorKernels::geluTanh,
                exact ? TensorKernels::geluBackward : TensorKernels::geluTanhBackward);
        this.approximation = approximation;
    }

    /**
     * The form this layer computes.
     *
     * @return {@link Approximation#NONE} or {@link Approximation#TANH}
     */
    public Approximation approximation() {
        return approximation;
    }
}
