package dev.lanes.kernels.spi;

/**
 * What a provider creates: one implementation of each operation family. Every method defaults to the scalar
 * reference's family, and every family method defaults to the reference operation, so a provider overrides only
 * what it accelerates. A provider that brings its own GEMM (say, through a native BLAS) and nothing else:
 * <pre>{@code
 * public KernelsBackend create(int threads) {
 *     Gemm gemm = new MyBlasGemm(threads);        // implements Gemm, overriding gemm(...) for float and double
 *     return new KernelsBackend() {
 *         public Gemm gemm() { return gemm; }
 *     };
 * }
 * }</pre>
 * {@link dev.lanes.kernels.Kernels} asks for each family once, when it is created, and validates every argument
 * before a family method sees it; a family may assume what {@link Gemm} lists. A family instance is shared by
 * every thread that uses the {@code Kernels}, so it must be safe for concurrent calls.
 */
public interface KernelsBackend {

    /**
     * GEMM with its fused epilogue.
     *
     * @return the GEMM family; the default is the scalar reference
     */
    default Gemm gemm() {
        return new Gemm() { };
    }

    /**
     * Bias-add, axpy, scale.
     *
     * @return the element-wise family; the default is the scalar reference
     */
    default Elementwise elementwise() {
        return new Elementwise() { };
    }

    /**
     * ReLU and sigmoid, forward and backward.
     *
     * @return the activation family; the default is the scalar reference
     */
    default Activations activations() {
        return new Activations() { };
    }

    /**
     * Softmax, log-softmax, softmax cross-entropy, argmax.
     *
     * @return the row-wise family; the default is the scalar reference
     */
    default Rowwise rowwise() {
        return new Rowwise() { };
    }

    /**
     * Column sums, sum of squares, squared error.
     *
     * @return the reduction family; the default is the scalar reference
     */
    default Reductions reductions() {
        return new Reductions() { };
    }

    /**
     * The optimisers' fused updates (Adam, AdamW, SGD with momentum, RMSprop, Adagrad) and clipping by value.
     *
     * @return the optimiser-step family; the default is the scalar reference
     */
    default OptimizerSteps optimizerSteps() {
        return new OptimizerSteps() { };
    }

    /**
     * Dropout, and the statistics and passes of batch and layer normalisation.
     *
     * @return the normalisation family; the default is the scalar reference
     */
    default Normalization normalization() {
        return new Normalization() { };
    }

    /**
     * Affine maps with narrow weights (bfloat16, float16, int8), widened as they are read.
     *
     * @return the narrow-weight family; the default is the scalar reference
     */
    default NarrowLinear narrowLinear() {
        return new NarrowLinear() { };
    }
}
